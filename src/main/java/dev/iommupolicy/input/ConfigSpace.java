package dev.iommupolicy.input;

import dev.iommupolicy.model.PortType;
import java.util.Optional;

/**
 * Decodes the parts of a PCI configuration space the rules need (section 8.3 of the spec): header
 * type, the PCI Express capability's port type, and the ACS extended capability.
 */
final class ConfigSpace {

    private static final int HEADER_TYPE = 0x0e;
    private static final int STATUS = 0x06;
    private static final int STATUS_CAP_LIST = 0x10;
    private static final int CAPABILITY_LIST = 0x34;
    private static final int CAP_ID_EXP = 0x10;
    private static final int EXT_CAP_START = 0x100;
    private static final int EXT_CAP_ID_ACS = 0x000d;
    private static final int EXT_CAP_ID_SRIOV = 0x0010;

    private final byte[] bytes;

    ConfigSpace(byte[] bytes) {
        this.bytes = bytes;
    }

    /** True when the extended space (the ACS capability lives there) was readable. */
    boolean hasExtendedSpace() {
        return bytes.length >= 0x1000;
    }

    /** True when the capability list (PCIe capability) was readable; unprivileged reads stop at 64 bytes. */
    boolean hasCapabilitySpace() {
        return bytes.length >= 0x100;
    }

    /** True when every byte read is 0xff: nothing answered the configuration read. */
    boolean allOnes() {
        for (byte b : bytes) {
            if (b != (byte) 0xff) {
                return false;
            }
        }
        return bytes.length > 0;
    }

    /** The bytes as lines of 32 hex digits (16 bytes), the form snapshots keep. */
    static String hex(byte[] raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length; i++) {
            out.append(String.format("%02x", raw[i] & 0xff));
            if (i % 16 == 15 && i + 1 < raw.length) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    int headerLayout() {
        return u8(HEADER_TYPE) & 0x7f;
    }

    boolean multifunction() {
        return (u8(HEADER_TYPE) & 0x80) != 0;
    }

    /** The port type: from the PCIe capability, else conventional device or bridge by header layout. */
    PortType portType() {
        int pcie = pcieCapability();
        if (pcie >= 0) {
            int type = (u16(pcie + 2) >> 4) & 0xf;
            return PortType.fromPcieType(type).orElse(PortType.ENDPOINT);
        }
        return headerLayout() == 0 ? PortType.PCI_DEVICE : PortType.PCI_BRIDGE;
    }

    /** ACS Capability and Control registers, or empty without an ACS capability. */
    Optional<int[]> acs() {
        return extendedCapability(EXT_CAP_ID_ACS).map(offset -> new int[] {u16(offset + 4), u16(offset + 6)});
    }

    /** The enabled virtual functions of an SR-IOV physical function: NumVFs, First VF Offset, VF Stride. */
    Optional<int[]> sriov() {
        return extendedCapability(EXT_CAP_ID_SRIOV).map(offset -> new int[] {u16(offset + 0x10), u16(offset + 0x14), u16(offset + 0x16)})
                .filter(vfs -> vfs[0] > 0);
    }

    int vendor() {
        return u16(0x00);
    }

    int device() {
        return u16(0x02);
    }

    /** Class code, sub-class and programming interface: the 24-bit value sysfs shows as {@code class}. */
    int classCode() {
        return u8(0x09) | u8(0x0a) << 8 | u8(0x0b) << 16;
    }

    /** Subsystem vendor and device of a type-0 header, or 0. */
    int[] subsystem() {
        return headerLayout() == 0 ? new int[] {u16(0x2c), u16(0x2e)} : new int[] {0, 0};
    }

    /** The secondary bus number of a bridge header, or -1 for a type-0 header. */
    int secondaryBus() {
        return headerLayout() == 0 ? -1 : u8(0x19);
    }

    private Optional<Integer> extendedCapability(int id) {
        if (!hasExtendedSpace()) {
            return Optional.empty();
        }
        int offset = EXT_CAP_START;
        for (int hops = 0; offset >= EXT_CAP_START && offset + 8 <= bytes.length && hops < 512; hops++) {
            int header = u32(offset);
            if (header == 0 || header == -1) {
                break;
            }
            if ((header & 0xffff) == id) {
                return Optional.of(offset);
            }
            offset = (header >>> 20) & 0xffc;
        }
        return Optional.empty();
    }

    private int pcieCapability() {
        if (!hasCapabilitySpace() || (u16(STATUS) & STATUS_CAP_LIST) == 0) {
            return -1;
        }
        int offset = u8(CAPABILITY_LIST) & 0xfc;
        for (int hops = 0; offset >= 0x40 && offset + 4 <= bytes.length && hops < 48; hops++) {
            if (u8(offset) == CAP_ID_EXP) {
                return offset;
            }
            offset = u8(offset + 1) & 0xfc;
        }
        return -1;
    }

    private int u8(int offset) {
        return offset < bytes.length ? bytes[offset] & 0xff : 0;
    }

    private int u16(int offset) {
        return u8(offset) | u8(offset + 1) << 8;
    }

    private int u32(int offset) {
        return u16(offset) | u16(offset + 2) << 16;
    }
}
