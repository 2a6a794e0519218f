package dev.iommupolicy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Bits 0-6 of the ACS Capability and Control registers ({@code PCI_ACS_*}). */
public enum AcsFlag {
    SV(0x01), TB(0x02), RR(0x04), CR(0x08), UF(0x10), EC(0x20), DT(0x40);

    /** All bits the kernel's ACS code knows; bits above DT (Enhanced ACS) are accepted but unused. */
    public static final int REGISTER_MASK = 0xffff;

    private final int mask;

    AcsFlag(int mask) {
        this.mask = mask;
    }

    public int mask() {
        return mask;
    }

    public static Optional<AcsFlag> byName(String name) {
        for (AcsFlag f : values()) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Names of the flags set in {@code value}, e.g. {@code [SV, RR, CR, UF]}. */
    public static List<String> names(int value) {
        List<String> names = new ArrayList<>();
        for (AcsFlag f : values()) {
            if ((value & f.mask) != 0) {
                names.add(f.name());
            }
        }
        int unknown = value & ~0x7f;
        if (unknown != 0) {
            names.add(String.format("0x%x", unknown));
        }
        return names;
    }
}
