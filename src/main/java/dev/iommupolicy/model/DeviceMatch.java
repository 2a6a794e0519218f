package dev.iommupolicy.model;

import java.util.List;

/**
 * The device syntax of the kernel's {@code pci=} ACS parameters ({@code pci_dev_str_match},
 * kernel-semantics.md 2.6): a path {@code [DDDD:]BB:DD.F[/DD.F]*} (an address, then device.function
 * steps down through bridges), or an ID
 * {@code pci:VVVV:DDDD[:SVVV:SDDD]} where 0 matches anything. Lists are separated by {@code ;}.
 */
public final class DeviceMatch {

    private DeviceMatch() {
    }

    /** True when one entry of the {@code ;}-separated {@code list} names {@code device}. */
    public static boolean listed(String list, PciDevice device) {
        for (String entry : list.split(";")) {
            if (matches(entry.trim(), device)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code entry} (one device, no list) names {@code device}. */
    public static boolean matches(String entry, PciDevice device) {
        if (entry.startsWith("pci:")) {
            String[] ids = entry.substring(4).split(":");
            return id(ids, 0, device.getVendor()) && id(ids, 1, device.getDevice())
                    && id(ids, 2, device.getSubsystemVendor()) && id(ids, 3, device.getSubsystemDevice());
        }
        // pci_dev_str_match_path(): the last components are the device and function of the device and
        // its bridges upward; the first is the full address of the ancestor reached
        String[] parts = entry.toLowerCase().split("/");
        List<String> lineage = device.getLineage();
        int top = lineage.size() - parts.length;
        if (top < 0) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            Bdf step = Bdf.parse(lineage.get(top + i));
            if (!parts[i].equals(String.format("%02x.%d", step.slot(), step.function()))) {
                return false;
            }
        }
        try {
            return Bdf.parse(parts[0]).toString().equals(lineage.get(top));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean id(String[] ids, int index, int actual) {
        if (index >= ids.length) {
            return true;
        }
        int wanted = Integer.parseInt(ids[index], 16);
        return wanted == 0 || wanted == actual;
    }
}
