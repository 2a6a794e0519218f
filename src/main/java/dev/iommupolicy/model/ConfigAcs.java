package dev.iommupolicy.model;

/**
 * {@code pci=config_acs=<flags>@<device>[;...]} (v6.11+, {@code __pci_config_acs}): each flag character
 * is {@code 0} (force off), {@code 1} (force on) or {@code x} (keep the firmware value); the right-most
 * character is bit 0 (SV), then TB, RR, CR, UF, EC, DT; missing leading characters are {@code x}.
 */
public final class ConfigAcs {

    private ConfigAcs() {
    }

    /**
     * The control value the option gives {@code device}: {@code (firmware & ~mask) | (flags & mask)}, or
     * null when no entry names the device or its flags are invalid (the kernel ignores those).
     */
    public static Integer control(String value, PciDevice device, int firmware) {
        for (String entry : value.split(";")) {
            int at = entry.indexOf('@');
            if (at < 0 || !DeviceMatch.matches(entry.substring(at + 1).trim(), device)) {
                continue;
            }
            String flags = entry.substring(0, at).trim();
            if (flags.length() > 7 || !flags.matches("[01xX]*")) {
                return null;
            }
            int mask = 0;
            int set = 0;
            for (int bit = 0; bit < flags.length(); bit++) {
                char c = flags.charAt(flags.length() - 1 - bit);
                if (c != 'x' && c != 'X') {
                    mask |= 1 << bit;
                    set |= (c - '0') << bit;
                }
            }
            return firmware & ~mask | set & mask;
        }
        return null;
    }
}
