package dev.iommupolicy.model;

import java.util.List;
import java.util.Objects;

/**
 * One PCI function as the rules see it: what the topology (or sysfs, or lspci) said, plus its
 * place in the kernel's probe order. Rules read it; the only fields they may change are the port
 * type and the ACS capability, which the kernel itself corrects ({@code set_pcie_port_type},
 * {@code pci_disable_broken_acs_cap}). The engine therefore gives each session its own {@link #copy()}.
 */
public final class PciDevice {

    private final Bdf address;
    private final String bdf;
    private final String parent;
    private PortType type;
    private final int vendor;
    private final int device;
    private final int subsystemVendor;
    private final int subsystemDevice;
    private final int classCode;
    private final boolean multifunctionHeader;
    private Integer acsCap;
    private int acsCtl;
    private final Integer acsFirmwareCtl;
    private final List<String> lineage;
    private final String driver;
    private final String physfn;
    private final boolean iommuManaged;
    private final List<Integer> dmaAliasDevfns;
    private final String realDmaDev;
    private final boolean intelPchAcsWorkaround;
    private final boolean hotplug;
    private final boolean critical;
    private final boolean requireDirect;
    private final String claimedBy;
    private final int probeIndex;

    private PciDevice(Builder b, int probeIndex, List<String> lineage) {
        this.address = Objects.requireNonNull(b.address, "address");
        this.bdf = address.toString();
        this.parent = b.parent == null ? null : b.parent.toString();
        this.type = Objects.requireNonNull(b.type, "type");
        this.vendor = b.vendor;
        this.device = b.device;
        this.subsystemVendor = b.subsystemVendor;
        this.subsystemDevice = b.subsystemDevice;
        this.classCode = b.classCode;
        this.multifunctionHeader = b.multifunctionHeader;
        this.acsCap = b.acsCap;
        this.acsCtl = b.acsCtl;
        this.acsFirmwareCtl = b.acsFirmwareCtl;
        this.lineage = List.copyOf(lineage);
        this.driver = b.driver;
        this.physfn = b.physfn == null ? null : b.physfn.toString();
        this.iommuManaged = b.iommuManaged;
        this.dmaAliasDevfns = List.copyOf(b.dmaAliasDevfns);
        this.realDmaDev = b.realDmaDev == null ? null : b.realDmaDev.toString();
        this.intelPchAcsWorkaround = b.intelPchAcsWorkaround;
        this.hotplug = b.hotplug;
        this.critical = b.critical;
        this.requireDirect = b.requireDirect;
        this.claimedBy = b.claimedBy;
        this.probeIndex = probeIndex;
    }

    private PciDevice(PciDevice o) {
        this(o, o.driver, o.claimedBy);
    }

    private PciDevice(PciDevice o, String driver, String claimedBy) {
        this.address = o.address;
        this.bdf = o.bdf;
        this.parent = o.parent;
        this.type = o.type;
        this.vendor = o.vendor;
        this.device = o.device;
        this.subsystemVendor = o.subsystemVendor;
        this.subsystemDevice = o.subsystemDevice;
        this.classCode = o.classCode;
        this.multifunctionHeader = o.multifunctionHeader;
        this.acsCap = o.acsCap;
        this.acsCtl = o.acsCtl;
        this.acsFirmwareCtl = o.acsFirmwareCtl;
        this.lineage = o.lineage;
        this.driver = driver;
        this.physfn = o.physfn;
        this.iommuManaged = o.iommuManaged;
        this.dmaAliasDevfns = o.dmaAliasDevfns;
        this.realDmaDev = o.realDmaDev;
        this.intelPchAcsWorkaround = o.intelPchAcsWorkaround;
        this.hotplug = o.hotplug;
        this.critical = o.critical;
        this.requireDirect = o.requireDirect;
        this.claimedBy = claimedBy;
        this.probeIndex = o.probeIndex;
    }

    /** A private copy for one rule session, so that kernel corrections never leak into the topology. */
    public PciDevice copy() {
        return new PciDevice(this);
    }

    /** This device with another driver bound ({@code null}: unbound), e.g. after a plan's step. */
    public PciDevice withDriver(String newDriver) {
        return new PciDevice(this, newDriver, claimedBy);
    }

    /** This device with user space holding its group through it ({@code null}: not held). */
    public PciDevice withClaimedBy(String owner) {
        return new PciDevice(this, driver, owner);
    }

    public static Builder builder(Bdf address) {
        return new Builder(address);
    }

    public Bdf getAddress() {
        return address;
    }

    /** Full address, {@code 0000:01:00.0}: the key every rule joins on. */
    public String getBdf() {
        return bdf;
    }

    /** BDF of the upstream bridge, or null on a root bus. */
    public String getParent() {
        return parent;
    }

    public boolean isOnRootBus() {
        return parent == null;
    }

    /** {@code DDDD:BB}: functions with equal bus ids sit on the same bus. */
    public String getBusId() {
        return address.busId();
    }

    public int getSlot() {
        return address.slot();
    }

    /** The function number ({@code PCI_FUNC(devfn)}); named so because {@code function} is a DRL keyword. */
    public int getFunctionNumber() {
        return address.function();
    }

    public int getDevfn() {
        return address.devfn();
    }

    public PortType getType() {
        return type;
    }

    /** Used only by the rule that mirrors the kernel's own port-type correction. */
    public void setType(PortType type) {
        this.type = Objects.requireNonNull(type);
    }

    public boolean isPcie() {
        return type.isPcie();
    }

    public boolean isBridge() {
        return type.isBridge();
    }

    public int getVendor() {
        return vendor;
    }

    public int getDevice() {
        return device;
    }

    /** Subsystem vendor, 0 when unknown. */
    public int getSubsystemVendor() {
        return subsystemVendor;
    }

    /** Subsystem device, 0 when unknown. */
    public int getSubsystemDevice() {
        return subsystemDevice;
    }

    /** 24-bit class code: class, subclass, prog-if. */
    public int getClassCode() {
        return classCode;
    }

    /** Header-type bit 7 of this function, as read from config space. */
    public boolean isMultifunctionHeader() {
        return multifunctionHeader;
    }

    /** True when the function has an ACS extended capability. */
    public boolean isAcsCapable() {
        return acsCap != null;
    }

    /** ACS Capability register, or null without an ACS capability. */
    public Integer getAcsCap() {
        return acsCap;
    }

    /** Used only by the rule that mirrors the kernel editing its cached ACS capability (IDT erratum). */
    public void setAcsCap(Integer acsCap) {
        this.acsCap = acsCap;
    }

    /** ACS Control register at grouping time (after the kernel's own enabling). */
    public int getAcsCtl() {
        return acsCtl;
    }

    /** The kernel's edit of the control register at grouping time (derived from the firmware value by rules). */
    public void setAcsCtl(int acsCtl) {
        this.acsCtl = acsCtl;
    }

    /**
     * The ACS Control value firmware left, before the kernel's enabling and command-line edits, or null
     * when the topology gives the control value at grouping time instead.
     */
    public Integer getAcsFirmwareCtl() {
        return acsFirmwareCtl;
    }

    /** The addresses from the device's root-bus ancestor down to the device itself, for path matching. */
    public List<String> getLineage() {
        return lineage;
    }

    /** Bound driver (the basename of the sysfs {@code driver} link), or null when unbound. */
    public String getDriver() {
        return driver;
    }

    /** The physical function of an SR-IOV virtual function, or null. */
    public String getPhysfn() {
        return physfn;
    }

    public boolean isVirtualFunction() {
        return physfn != null;
    }

    /** False when the topology says no IOMMU manages this function (no {@code iommu_group} link). */
    public boolean isIommuManaged() {
        return iommuManaged;
    }

    /** DMA alias devfns on this function's bus given as input (e.g. AMD IVRS alias entries). */
    public List<Integer> getDmaAliasDevfns() {
        return dmaAliasDevfns;
    }

    /** The device that issues DMA on this function's behalf ({@code pci_real_dma_dev}, VMD), or null. */
    public String getRealDmaDev() {
        return realDmaDev;
    }

    /** False when dmesg said "Failed to enable Intel PCH ACS quirk" for this root port. */
    public boolean isIntelPchAcsWorkaround() {
        return intelPchAcsWorkaround;
    }

    /** True when the function appeared after boot (hot-plug): it is probed after every boot-time function. */
    public boolean isHotplug() {
        return hotplug;
    }

    /** True for functions added after boot (hot-plug, SR-IOV VFs): they exist only for devices probed after them. */
    /** The site marked this device as one the host must keep (boot disk controller, console GPU). */
    public boolean isCritical() {
        return critical;
    }

    /**
     * Firmware requires a 1:1 mapping for this device (a non-relaxable RMRR, IVMD or IORT region:
     * {@code require_direct}), which forbids blocking its DMA.
     */
    public boolean isRequireDirect() {
        return requireDirect;
    }

    /** The user-space owner (VFIO container or iommufd context) holding this device's group through it, or null. */
    public String getClaimedBy() {
        return claimedBy;
    }

    public boolean isLate() {
        return hotplug || physfn != null;
    }

    /** Position in the kernel's probe order ({@code pci_bus_add_devices}); earlier functions have groups first. */
    public int getProbeIndex() {
        return probeIndex;
    }

    /** {@code vvvv:dddd}. */
    public String getIds() {
        return String.format("%04x:%04x", vendor, device);
    }

    @Override
    public String toString() {
        return bdf + " " + type + " " + getIds();
    }

    /** Collects a device's fields; {@link Topology} assigns the probe order when it builds the devices. */
    public static final class Builder {
        private final Bdf address;
        private Bdf parent;
        private PortType type = PortType.ENDPOINT;
        private int vendor;
        private int device;
        private int subsystemVendor;
        private int subsystemDevice;
        private int classCode;
        private boolean multifunctionHeader;
        private Integer acsCap;
        private int acsCtl;
        private Integer acsFirmwareCtl;
        private String driver;
        private Bdf physfn;
        private boolean iommuManaged = true;
        private List<Integer> dmaAliasDevfns = List.of();
        private Bdf realDmaDev;
        private boolean intelPchAcsWorkaround = true;
        private boolean hotplug;
        private boolean critical;
        private boolean requireDirect;
        private String claimedBy;

        private Builder(Bdf address) {
            this.address = address;
        }

        public Bdf address() {
            return address;
        }

        public Bdf parent() {
            return parent;
        }

        public PortType type() {
            return type;
        }

        public Bdf physfn() {
            return physfn;
        }

        public boolean hotplug() {
            return hotplug;
        }

        public Bdf realDmaDev() {
            return realDmaDev;
        }

        public Builder parent(Bdf v) { parent = v; return this; }
        public Builder type(PortType v) { type = v; return this; }
        public Builder vendor(int v) { vendor = v; return this; }
        public Builder device(int v) { device = v; return this; }
        public Builder subsystemVendor(int v) { subsystemVendor = v; return this; }
        public Builder subsystemDevice(int v) { subsystemDevice = v; return this; }
        public Builder classCode(int v) { classCode = v; return this; }
        public Builder multifunctionHeader(boolean v) { multifunctionHeader = v; return this; }
        public Builder acs(Integer cap, int ctl) { acsCap = cap; acsCtl = cap == null ? 0 : ctl; return this; }
        /** ACS capability and the firmware's control value: the rules derive the value at grouping time. */
        public Builder acsFirmware(int cap, int firmwareCtl) {
            acsCap = cap;
            acsCtl = firmwareCtl;
            acsFirmwareCtl = firmwareCtl;
            return this;
        }
        public Builder driver(String v) { driver = v; return this; }
        public Builder physfn(Bdf v) { physfn = v; return this; }
        public Builder iommuManaged(boolean v) { iommuManaged = v; return this; }
        public Builder dmaAliasDevfns(List<Integer> v) { dmaAliasDevfns = v; return this; }
        public Builder realDmaDev(Bdf v) { realDmaDev = v; return this; }
        public Builder intelPchAcsWorkaround(boolean v) { intelPchAcsWorkaround = v; return this; }
        public Builder hotplug(boolean v) { hotplug = v; return this; }
        public Builder critical(boolean v) { critical = v; return this; }
        public Builder requireDirect(boolean v) { requireDirect = v; return this; }
        public Builder claimedBy(String v) { claimedBy = v; return this; }

        PciDevice build(int probeIndex, List<String> lineage) {
            return new PciDevice(this, probeIndex, lineage);
        }
    }
}
