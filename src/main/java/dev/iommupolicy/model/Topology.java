package dev.iommupolicy.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A machine's PCI functions in the kernel's probe order, with the kernel and platform facts the rules
 * consult and, for fixtures, the expected results. Built by {@link #builder()}, which checks that the
 * devices form a real PCI tree.
 */
public final class Topology {

    private final String name;
    private final String description;
    private final KernelVersion kernel;
    private final String cmdline;
    private final Platform platform;
    private final OwnershipModel ownershipModel;
    private final List<String> requiredPacks;
    private final Map<String, List<String>> unknowns;
    private final List<PciDevice> devices;
    private final Map<String, PciDevice> byBdf;
    private final Expectations expectations;

    private Topology(Builder b, List<PciDevice> devices) {
        this(b.name, b.description, b.kernel, b.cmdline, b.platform, b.ownershipModel, b.requiredPacks, b.unknowns, devices,
                b.expectations);
    }

    private Topology(String name, String description, KernelVersion kernel, String cmdline, Platform platform,
                     OwnershipModel ownershipModel, List<String> requiredPacks, Map<String, List<String>> unknowns,
                     List<PciDevice> devices, Expectations expectations) {
        this.name = name;
        this.description = description;
        this.kernel = kernel;
        this.cmdline = cmdline;
        this.platform = platform;
        this.ownershipModel = ownershipModel;
        this.requiredPacks = List.copyOf(requiredPacks);
        this.unknowns = Map.copyOf(unknowns);
        this.devices = List.copyOf(devices);
        this.byBdf = new HashMap<>();
        devices.forEach(d -> byBdf.put(d.getBdf(), d));
        this.expectations = expectations;
    }

    /**
     * The same machine with other driver or claim state: {@code change} maps each device to its new
     * state. It must keep addresses and the tree, which are not checked again.
     */
    public Topology withDevices(UnaryOperator<PciDevice> change) {
        List<PciDevice> changed = devices.stream().map(change).toList();
        for (int i = 0; i < changed.size(); i++) {
            if (!changed.get(i).getBdf().equals(devices.get(i).getBdf())) {
                throw new IllegalArgumentException("a device state change must keep the address of " + devices.get(i).getBdf());
            }
        }
        return new Topology(name, description, kernel, cmdline, platform, ownershipModel, requiredPacks, unknowns, changed, expectations);
    }

    /** The same machine judged with another kernel version. */
    public Topology withKernel(KernelVersion newKernel) {
        return new Topology(name, description, newKernel, cmdline, platform, ownershipModel, requiredPacks, unknowns, devices, expectations);
    }

    /** The same machine judged with a forced ownership model ({@code null}: chosen by the rules from the kernel). */
    public Topology withOwnershipModel(OwnershipModel model) {
        return new Topology(name, description, kernel, cmdline, platform, model, requiredPacks, unknowns, devices, expectations);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The kernel named by the topology, or null when it names none. */
    public KernelVersion kernel() {
        return kernel;
    }

    /** The kernel the rules evaluate: the named one, or {@link KernelVersion#NEWEST}. */
    public KernelVersion effectiveKernel() {
        return kernel == null ? KernelVersion.NEWEST : kernel;
    }

    public String cmdline() {
        return cmdline;
    }

    public Platform platform() {
        return platform;
    }

    /**
     * What the input could not say about a device (e.g. ACS without root access), by BDF: the rules
     * evaluated a guess, and groups that depend on it are uncertain.
     */
    public Map<String, List<String>> unknowns() {
        return unknowns;
    }

    /** Rule packs the topology needs (e.g. the pack of the distribution kernel it runs), by name. */
    public List<String> requiredPacks() {
        return requiredPacks;
    }

    /** The ownership model the topology forces, or null when the rules choose it from the kernel version. */
    public OwnershipModel ownershipModel() {
        return ownershipModel;
    }

    /** Every function, in probe order. */
    public List<PciDevice> devices() {
        return devices;
    }

    public Optional<PciDevice> device(String bdf) {
        return Optional.ofNullable(byBdf.get(bdf));
    }

    public Expectations expectations() {
        return expectations;
    }

    /** Collects devices in any order and derives the probe order when built. */
    public static final class Builder {
        private String name = "unnamed";
        private String description;
        private KernelVersion kernel;
        private String cmdline = "";
        private Platform platform = Platform.UNKNOWN;
        private OwnershipModel ownershipModel;
        private List<String> requiredPacks = List.of();
        private final Map<String, List<String>> unknowns = new TreeMap<>();
        private Expectations expectations = Expectations.NONE;
        private final Map<Bdf, PciDevice.Builder> devices = new LinkedHashMap<>();
        private final List<TopologyException.Problem> problems = new ArrayList<>();

        public Builder name(String v) { name = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder kernel(KernelVersion v) { kernel = v; return this; }
        public Builder cmdline(String v) { cmdline = v == null ? "" : v.trim(); return this; }
        public Builder platform(Platform v) { platform = v; return this; }
        public Builder ownershipModel(OwnershipModel v) { ownershipModel = v; return this; }
        public Builder requiredPacks(List<String> v) { requiredPacks = v; return this; }
        public Builder unknown(String bdf, List<String> what) { unknowns.put(bdf, List.copyOf(what)); return this; }
        public Builder expectations(Expectations v) { expectations = v; return this; }

        /** Adds a device; a second device with the same address is reported when building. */
        public Builder device(PciDevice.Builder device) {
            if (devices.putIfAbsent(device.address(), device) != null) {
                problems.add(new TopologyException.Problem(device.address().toString(), "duplicate address"));
            }
            return this;
        }

        /**
         * Checks the tree and numbers the devices in probe order.
         *
         * @throws TopologyException listing every problem: missing or non-bridge parents, cycles,
         *     a bus below two bridges, a missing physical function
         */
        public Topology build() {
            List<TopologyException.Problem> all = new ArrayList<>(problems);
            all.addAll(new TreeCheck(devices).problems());
            if (!all.isEmpty()) {
                throw new TopologyException(all);
            }
            List<PciDevice> ordered = new ArrayList<>();
            for (PciDevice.Builder d : new ProbeOrder(devices).order()) {
                ordered.add(d.build(ordered.size(), lineage(d)));
            }
            return new Topology(this, ordered);
        }

        /** The addresses from the root-bus ancestor down to {@code device}; a VF hangs below its PF's parent bridge. */
        private List<String> lineage(PciDevice.Builder device) {
            List<String> chain = new ArrayList<>();
            for (PciDevice.Builder d = device; d != null; d = d.parent() == null ? null : devices.get(d.parent())) {
                chain.add(0, d.address().toString());
            }
            return chain;
        }
    }

    /** Structural checks that need the whole device list. */
    private static final class TreeCheck {
        private final Map<Bdf, PciDevice.Builder> devices;
        private final List<TopologyException.Problem> problems = new ArrayList<>();

        TreeCheck(Map<Bdf, PciDevice.Builder> devices) {
            this.devices = devices;
        }

        List<TopologyException.Problem> problems() {
            devices.values().forEach(this::checkParent);
            devices.values().forEach(this::checkPhysfn);
            devices.values().forEach(this::checkRealDmaDev);
            checkEachBusHasOneOwner();
            return problems;
        }

        /** A bus is either a root bus or the secondary bus of exactly one bridge (VFs may sit on virtual buses). */
        private void checkEachBusHasOneOwner() {
            Map<String, String> ownerOfBus = new HashMap<>();
            for (PciDevice.Builder d : devices.values()) {
                if (d.physfn() != null) {
                    continue;
                }
                String owner = d.parent() == null ? "a root bus" : "the bus below " + d.parent();
                String previous = ownerOfBus.putIfAbsent(d.address().busId(), owner);
                if (previous != null && !previous.equals(owner)) {
                    problems.add(new TopologyException.Problem(d.address().toString(), "its bus "
                            + d.address().busId() + " is " + previous + ", but the device is placed on " + owner));
                }
            }
        }

        private void checkParent(PciDevice.Builder d) {
            Bdf parent = d.parent();
            if (parent == null) {
                return;
            }
            PciDevice.Builder p = devices.get(parent);
            if (p == null) {
                problems.add(new TopologyException.Problem(d.address().toString(), "parent " + parent + " is not in the topology"));
            } else if (!p.type().isBridge()) {
                problems.add(new TopologyException.Problem(d.address().toString(),
                        "parent " + parent + " is a " + p.type() + ", not a bridge"));
            } else if (leadsToCycle(d)) {
                problems.add(new TopologyException.Problem(d.address().toString(), "parent chain loops back to this device"));
            }
        }

        private boolean leadsToCycle(PciDevice.Builder start) {
            int steps = 0;
            for (PciDevice.Builder d = start; d != null && d.parent() != null; d = devices.get(d.parent())) {
                if (d.parent().equals(start.address()) || ++steps > devices.size()) {
                    return true;
                }
            }
            return false;
        }

        private void checkRealDmaDev(PciDevice.Builder d) {
            if (d.realDmaDev() != null && !devices.containsKey(d.realDmaDev())) {
                problems.add(new TopologyException.Problem(d.address().toString(),
                        "realDmaDev " + d.realDmaDev() + " is not in the topology"));
            }
        }

        private void checkPhysfn(PciDevice.Builder d) {
            Bdf pf = d.physfn();
            if (pf == null) {
                return;
            }
            PciDevice.Builder p = devices.get(pf);
            if (p == null) {
                problems.add(new TopologyException.Problem(d.address().toString(), "physfn " + pf + " is not in the topology"));
            } else if (p.physfn() != null) {
                problems.add(new TopologyException.Problem(d.address().toString(), "physfn " + pf + " is itself a virtual function"));
            }
        }
    }

    /**
     * {@code pci_bus_add_devices()}: every function of a bus in ascending devfn order, then the bus below
     * each bridge of that bus, in the same order; root buses by domain and number. SR-IOV virtual
     * functions and hot-plugged functions appear later, in file order.
     */
    private static final class ProbeOrder {
        private final Map<Bdf, PciDevice.Builder> devices;
        private final Map<Bdf, List<PciDevice.Builder>> children = new HashMap<>();
        private final List<PciDevice.Builder> order = new ArrayList<>();

        ProbeOrder(Map<Bdf, PciDevice.Builder> devices) {
            this.devices = devices;
        }

        List<PciDevice.Builder> order() {
            Map<Bdf, List<PciDevice.Builder>> rootBuses = new TreeMap<>();
            for (PciDevice.Builder d : devices.values()) {
                if (isLate(d)) {
                    continue;
                }
                if (d.parent() == null) {
                    rootBuses.computeIfAbsent(new Bdf(d.address().domain(), d.address().bus(), 0, 0), k -> new ArrayList<>()).add(d);
                } else {
                    children.computeIfAbsent(d.parent(), k -> new ArrayList<>()).add(d);
                }
            }
            rootBuses.values().forEach(this::addBus);
            devices.values().stream().filter(ProbeOrder::isLate).forEach(order::add);
            return order;
        }

        private static boolean isLate(PciDevice.Builder d) {
            return d.hotplug() || d.physfn() != null;
        }

        private void addBus(List<PciDevice.Builder> bus) {
            bus.sort(Comparator.comparing(PciDevice.Builder::address));
            order.addAll(bus);
            for (PciDevice.Builder d : bus) {
                List<PciDevice.Builder> below = children.get(d.address());
                if (below != null) {
                    addBus(below);
                }
            }
        }
    }
}
