package dev.iommupolicy.model;

import java.util.ArrayList;
import java.util.List;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI address, {@code domain:bus:device.function}. Parsed from the forms {@code 0000:01:00.0} and
 * {@code 01:00.0} (domain 0000); VMD domains have five hex digits ({@code 10000:e0:1d.0}).
 */
public record Bdf(int domain, int bus, int slot, int function) implements Comparable<Bdf> {

    private static final Pattern FORM =
            Pattern.compile("(?:([0-9a-fA-F]{4,5}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");
    private static final Comparator<Bdf> ORDER = Comparator.comparingInt(Bdf::domain)
            .thenComparingInt(Bdf::bus).thenComparingInt(Bdf::devfn);

    public Bdf {
        if (slot > 0x1f) {
            throw new IllegalArgumentException("device number " + Integer.toHexString(slot) + " is above 1f");
        }
    }

    /** Parses a BDF; throws {@link IllegalArgumentException} with a readable message otherwise. */
    public static Bdf parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a PCI address (expected DDDD:BB:DD.F or BB:DD.F)");
        }
        int domain = m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16);
        return new Bdf(domain, Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16),
                Integer.parseInt(m.group(4)));
    }

    /** Device/function byte as the kernel's {@code PCI_DEVFN(slot, fn)}. */
    public int devfn() {
        return slot << 3 | function;
    }

    /**
     * The addresses of this SR-IOV physical function's {@code count} virtual functions: routing ID n
     * = the PF's + First VF Offset + VF Stride * n (PCIe SR-IOV 1.1, 3.3.10-11).
     */
    public List<Bdf> virtualFunctions(int count, int offset, int stride) {
        List<Bdf> vfs = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int rid = (bus << 8 | devfn()) + offset + stride * n;
            vfs.add(new Bdf(domain, rid >> 8 & 0xff, rid >> 3 & 0x1f, rid & 7));
        }
        return vfs;
    }

    /** The bus this function sits on, {@code DDDD:BB}. */
    public String busId() {
        StringBuilder out = new StringBuilder(7);
        appendHex(out, domain, 4).append(':');
        return appendHex(out, bus, 2).toString();
    }

    @Override
    public int compareTo(Bdf other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        // hand-formatted: addresses are printed for every fact and message, String.format showed in profiles
        StringBuilder out = new StringBuilder(12);
        appendHex(out, domain, 4).append(':');
        appendHex(out, bus, 2).append(':');
        return appendHex(out, slot, 2).append('.').append(function).toString();
    }

    private static StringBuilder appendHex(StringBuilder out, int value, int digits) {
        String text = Integer.toHexString(value);
        for (int i = text.length(); i < digits; i++) {
            out.append('0');
        }
        return out.append(text);
    }
}
