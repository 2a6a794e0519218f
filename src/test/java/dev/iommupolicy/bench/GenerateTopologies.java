package dev.iommupolicy.bench;

import dev.iommupolicy.model.Bdf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes synthetic server topologies for throughput and scale measurements: root ports with and without
 * ACS, switches, multifunction slots, SR-IOV NICs, PCIe-to-PCI bridges with conventional devices, and
 * kernel and vfio-pci drivers mixed. Machines of 1,000 devices or more get wide switches and NICs with
 * hundreds of VFs, and spread over PCI domains (segments) as large servers do when 256 buses run out.
 * Seeded, so runs are repeatable.
 *
 * <pre>java -cp target/test-classes dev.iommupolicy.bench.GenerateTopologies DIR COUNT DEVICES</pre>
 */
public final class GenerateTopologies {

    private static final String FULL = "acs: {cap: [SV, RR, CR, UF], ctl: [SV, RR, CR, UF]}";
    private static final int HEADER_LINES = 5;
    /** Root ports per domain: slots 01-1f of bus 00. */
    private static final int ROOT_SLOTS = 0x1f;
    /** The most buses one root port's tree takes (a 16-port switch). */
    private static final int TREE_BUSES = 18;

    private final Random random;
    private final boolean large;
    private final List<String> lines = new ArrayList<>();
    private int domain;
    private int bus = 1;
    private int rootSlot = 1;

    private GenerateTopologies(long seed, boolean large) {
        this.random = new Random(seed);
        this.large = large;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: GenerateTopologies DIR COUNT DEVICES");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int devices = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            Files.writeString(dir.resolve(String.format("server-%05d.yaml", i)), yaml(i, "server-" + i, devices));
        }
        System.out.println("wrote " + count + " topologies of " + devices + " devices to " + dir);
    }

    /** Topology YAML of exactly {@code devices} functions; the same seed gives the same machine. */
    public static String yaml(long seed, String name, int devices) {
        return new GenerateTopologies(seed, devices >= 1000).topology(name, devices);
    }

    private String topology(String name, int devices) {
        lines.add("apiVersion: iommu-policy/v1");
        lines.add("kind: Topology");
        lines.add("metadata: {name: " + name + "}");
        lines.add("kernel: {version: \"6.12.1\"}");
        lines.add("devices:");
        while (written() < devices) {
            String rp = rootPort();
            int left = devices - written();
            switch (Math.min(random.nextInt(4), left < 8 ? 0 : 3)) {
                case 0 -> slot(rp, Math.min(left, 1 + random.nextInt(large ? 8 : 3)));
                case 1 -> nic(rp, Math.min(left, large ? 1 + 32 + random.nextInt(96) : 6));
                case 2 -> pciBridge(rp, Math.min(left, large ? 9 : 4));
                default -> pcieSwitch(rp, Math.min(left, large ? 33 : 7));
            }
        }
        return String.join("\n", lines.subList(0, devices + HEADER_LINES)) + "\n";
    }

    private int written() {
        return lines.size() - HEADER_LINES;
    }

    /** A root port on bus 00 of the current domain; a full domain moves on to the next one. */
    private String rootPort() {
        if (rootSlot > ROOT_SLOTS || bus + TREE_BUSES > 0x100) {
            nextDomain();
        }
        String rp = address(0, rootSlot++, 0);
        device(rp, null, "root_port", "0001", random.nextInt(4) != 0 ? FULL : null, "pcieport", null);
        return rp;
    }

    private void nextDomain() {
        domain++;
        bus = 1;
        rootSlot = 1;
    }

    /** {@code count} consecutive bus numbers below the current root port's tree. */
    private int buses(int count) {
        if (bus + count > 0x100) {
            throw new IllegalStateException("bus numbers of domain " + domain + " exhausted");
        }
        int first = bus;
        bus += count;
        return first;
    }

    private String address(int b, int slot, int function) {
        return new Bdf(domain, b, slot, function).toString();
    }

    /** One slot with {@code functions} functions: a multifunction device when more than one. */
    private void slot(String parent, int functions) {
        int b = buses(1);
        for (int f = 0; f < functions; f++) {
            device(address(b, 0, f), parent, "endpoint", "01" + f + "0", null,
                    random.nextBoolean() ? "vfio-pci" : "nvme", functions > 1 ? "multifunction: true" : null);
        }
    }

    /** An SR-IOV NIC: a PF and {@code size - 1} VFs at routing IDs PF + 8 + n, spilling onto further buses. */
    private void nic(String parent, int size) {
        Bdf pf = new Bdf(domain, bus, 0, 0);
        List<Bdf> vfs = pf.virtualFunctions(size - 1, 8, 1);
        buses(vfs.get(vfs.size() - 1).bus() - pf.bus() + 1);
        device(pf.toString(), parent, "endpoint", "8000", null, "ixgbe", null);
        for (Bdf vf : vfs) {
            device(vf.toString(), parent, "endpoint", "8001", null, "vfio-pci", "physfn: \"" + pf + "\"");
        }
    }

    /** A PCIe-to-PCI bridge with conventional devices below it: all share the bridge's requester ID. */
    private void pciBridge(String parent, int size) {
        int b = buses(2);
        String bridge = address(b, 0, 0);
        device(bridge, parent, "pcie_to_pci_bridge", "2000", null, null, null);
        for (int d = 1; d < size; d++) {
            device(address(b + 1, d, 0), bridge, "pci_device", "300" + d % 10, null, d == 1 ? "serial" : "vfio-pci", null);
        }
    }

    /** A switch: upstream port and downstream ports, each with one endpoint; ACS on some downstream ports. */
    private void pcieSwitch(String parent, int size) {
        int up = buses(1);
        String usp = address(up, 0, 0);
        device(usp, parent, "upstream_port", "1000", null, "pcieport", null);
        int down = buses(1);
        for (int port = 0; 2 * port + 2 <= size; port++) {
            String dsp = address(down, port, 0);
            device(dsp, usp, "downstream_port", "1001", random.nextBoolean() ? FULL : null, "pcieport", null);
            device(address(buses(1), 0, 0), dsp, "endpoint", "0100", null, random.nextBoolean() ? "vfio-pci" : "nvme", null);
        }
    }

    private void device(String bdf, String parent, String type, String id, String acs, String driver, String extra) {
        StringBuilder line = new StringBuilder("  - {bdf: \"" + bdf + "\"");
        if (parent != null) {
            line.append(", parent: \"").append(parent).append('"');
        }
        line.append(", type: ").append(type).append(", vendor: \"abcd\", device: \"").append(id).append('"');
        if (type.endsWith("port") || type.endsWith("bridge")) {
            line.append(", class: \"060400\"");
        }
        if (acs != null) {
            line.append(", ").append(acs);
        }
        if (driver != null) {
            line.append(", driver: ").append(driver);
        }
        if (extra != null) {
            line.append(", ").append(extra);
        }
        lines.add(line.append('}').toString());
    }
}
