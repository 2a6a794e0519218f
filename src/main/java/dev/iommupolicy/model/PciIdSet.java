package dev.iommupolicy.model;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of 16-bit PCI IDs written the way the kernel's quirk tables read:
 * {@code "3b42-3b51 1c10-1c1f 8c90 8c92"} (hex, single IDs or inclusive ranges, separated by spaces
 * or commas). Rules keep their device-ID lists as such strings; parsed sets are cached.
 */
public final class PciIdSet {

    private static final Map<String, PciIdSet> CACHE = new ConcurrentHashMap<>();

    private final BitSet ids = new BitSet(0x10000);

    private PciIdSet(String spec) {
        for (String item : spec.trim().split("[\\s,]+")) {
            int dash = item.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? item : item.substring(0, dash), 16);
            int hi = dash < 0 ? lo : Integer.parseInt(item.substring(dash + 1), 16);
            if (lo > hi || hi > 0xffff) {
                throw new IllegalArgumentException("bad PCI ID range '" + item + "' in \"" + spec + "\"");
            }
            ids.set(lo, hi + 1);
        }
    }

    /** The set for {@code spec}, parsed once. */
    public static PciIdSet of(String spec) {
        return CACHE.computeIfAbsent(spec, PciIdSet::new);
    }

    /** True when {@code id} is listed in {@code spec}: the form rules use, {@code PciIdSet.in(device, "...")}. */
    public static boolean in(int id, String spec) {
        return of(spec).contains(id);
    }

    public boolean contains(int id) {
        return id >= 0 && id <= 0xffff && ids.get(id);
    }
}
