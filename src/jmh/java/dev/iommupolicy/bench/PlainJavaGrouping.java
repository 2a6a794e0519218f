package dev.iommupolicy.bench;

import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.PortType;
import dev.iommupolicy.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The yardstick of the scale benchmark: pci_device_group() hand-written over a union-find, for the
 * shapes {@link GenerateTopologies} produces (no quirks, no DMA alias masks, no hot-plug). It lives only
 * in the benchmark sources; {@link ScaleBenchmark} checks it finds the rules' groups before timing it.
 */
final class PlainJavaGrouping {

    /** REQ_ACS_FLAGS: SV | RR | CR | UF. */
    private static final int REQ_ACS_FLAGS = 0x1D;

    private final Topology topology;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] parent;
    /** Per slot (bus and device number), its first function without ACS isolation. */
    private final Map<String, String> firstOpenFunction = new HashMap<>();

    private PlainJavaGrouping(Topology topology) {
        this.topology = topology;
        this.parent = new int[topology.devices().size()];
    }

    /** The groups of {@code topology}: lists of addresses, groups in allocation order, members in probe order. */
    static List<List<String>> groups(Topology topology) {
        return new PlainJavaGrouping(topology).run();
    }

    private List<List<String>> run() {
        List<PciDevice> devices = topology.devices();
        for (int i = 0; i < devices.size(); i++) {
            PciDevice d = devices.get(i);
            index.put(d.getBdf(), i);
            String target = target(d);
            parent[i] = target == null ? i : find(index.get(target));
        }
        Map<Integer, List<String>> groups = new LinkedHashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            groups.computeIfAbsent(find(i), k -> new ArrayList<>()).add(devices.get(i).getBdf());
        }
        return new ArrayList<>(groups.values());
    }

    private int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** The device probed earlier whose group {@code d} joins, or null for a new group. */
    private String target(PciDevice d) {
        for (String up = d.getParent(); up != null; up = device(up).getParent()) {
            PortType type = device(up).getType();
            if (type == PortType.PCIE_TO_PCI_BRIDGE || type == PortType.PCI_BRIDGE) {
                return up; // step 1: the DMA alias walk meets a bridge that takes over requester IDs
            }
        }
        if (d.getParent() != null && !acsPathEnabled(device(d.getParent()))) {
            return d.getParent(); // step 2: the ACS climb
        }
        if (d.isMultifunctionHeader() && !acsEnabled(d)) {
            // step 4: the first non-isolated function of the slot probed before this one
            return firstOpenFunction.putIfAbsent(d.getBusId() + ":" + d.getSlot(), d.getBdf());
        }
        return null;
    }

    private PciDevice device(String bdf) {
        return topology.device(bdf).orElseThrow();
    }

    private boolean acsPathEnabled(PciDevice bridge) {
        for (PciDevice p = bridge; p != null; p = p.getParent() == null ? null : device(p.getParent())) {
            if (!acsEnabled(p)) {
                return false;
            }
        }
        return true;
    }

    private static boolean acsEnabled(PciDevice d) {
        return switch (d.getType()) {
            case ROOT_PORT, DOWNSTREAM_PORT -> flagsEnabled(d);
            case ENDPOINT, UPSTREAM_PORT, LEGACY_ENDPOINT, RC_ENDPOINT -> !d.isMultifunctionHeader() || flagsEnabled(d);
            default -> false; // conventional functions, bridges to and from PCI, RC event collectors
        };
    }

    private static boolean flagsEnabled(PciDevice d) {
        if (d.getAcsCap() == null) {
            return false;
        }
        int flags = REQ_ACS_FLAGS & d.getAcsCap();
        return (d.getAcsCtl() & flags) == flags;
    }
}
