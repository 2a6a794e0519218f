package dev.iommupolicy.model;

import java.util.ArrayList;
import java.util.List;

import java.util.Comparator;

/**
 * A PCI address, {@code domain:bus:device.function}. Parsed from the forms {@code 0000:01:00.0} and
 * {@code 01:00.0} (domain 0000); VMD domains have five hex digits ({@code 10000:e0:1d.0}).
 */
public record Bdf(int domain, int bus, int slot, int function) implements Comparable<Bdf> {

    private static final Comparator<Bdf> ORDER = Comparator.comparingInt(Bdf::domain)
            .thenComparingInt(Bdf::bus).thenComparingInt(Bdf::devfn);

    public Bdf {
        if (slot > 0x1f) {
            throw new IllegalArgumentException("device number " + Integer.toHexString(slot) + " is above 1f");
        }
    }

    /**
     * Parses {@code [DDDD[D]:]BB:DD.F}; throws {@link IllegalArgumentException} with a readable message
     * otherwise. Scanned by hand: every device, parent and expectation is parsed, and a regex showed in
     * profiles of batch runs.
     */
    public static Bdf parse(String text) {
        String t = text == null ? "" : text.trim();
        int n = t.length();
        // BB:DD.F is the last 7 characters; a domain of 4 or 5 digits and a colon may precede it
        boolean shape = (n == 7 || (n == 12 || n == 13) && t.charAt(n - 8) == ':')
                && t.charAt(n - 5) == ':' && t.charAt(n - 2) == '.';
        int domain = shape && n > 7 ? hex(t, 0, n - 8) : 0;
        int bus = shape ? hex(t, n - 7, n - 5) : -1;
        int slot = shape ? hex(t, n - 4, n - 2) : -1;
        int function = shape ? hex(t, n - 1, n) : -1;
        if (domain < 0 || bus < 0 || slot < 0 || function < 0 || function > 7) {
            throw new IllegalArgumentException("'" + text + "' is not a PCI address (expected DDDD:BB:DD.F or BB:DD.F)");
        }
        return new Bdf(domain, bus, slot, function);
    }

    /** The hex number in {@code text[from, to)}, or -1 when a character is not a hex digit. */
    private static int hex(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int digit = c < 0x80 ? Character.digit(c, 16) : -1; // ASCII only: Character.digit takes any script's digits
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
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
