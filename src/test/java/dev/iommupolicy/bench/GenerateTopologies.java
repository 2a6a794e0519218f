package dev.iommupolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes synthetic server topologies for throughput measurements: root ports with and without ACS,
 * switches, multifunction endpoints, SR-IOV VFs and a PCIe-to-PCI bridge, with kernel and vfio-pci
 * drivers mixed. Seeded, so runs are repeatable.
 *
 * <pre>java -cp target/test-classes dev.iommupolicy.bench.GenerateTopologies DIR COUNT DEVICES</pre>
 */
public final class GenerateTopologies {

    private static final String FULL = "acs: {cap: [SV, RR, CR, UF], ctl: [SV, RR, CR, UF]}";

    private final Random random;
    private final List<String> lines = new ArrayList<>();
    private int bus = 1;

    private GenerateTopologies(long seed) {
        this.random = new Random(seed);
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

    /** Topology YAML of {@code devices} functions; the same seed gives the same machine. */
    public static String yaml(long seed, String name, int devices) {
        return new GenerateTopologies(seed).topology(name, devices);
    }

    private String topology(String name, int devices) {
        lines.add("apiVersion: iommu-policy/v1");
        lines.add("kind: Topology");
        lines.add("metadata: {name: " + name + "}");
        lines.add("kernel: {version: \"6.12.1\"}");
        lines.add("devices:");
        int rootSlot = 1;
        while (lines.size() - 5 < devices) {
            String rp = String.format("00:%02x.0", rootSlot++);
            boolean acs = random.nextInt(4) != 0;
            device(rp, null, "root_port", "0001", acs ? FULL : null, "pcieport", null);
            int left = devices - (lines.size() - 5);
            switch (Math.min(random.nextInt(4), left < 8 ? 0 : 3)) {
                case 0 -> endpoints(rp, Math.min(left, 1 + random.nextInt(3)));
                case 1 -> sriov(rp, Math.min(left, 6));
                case 2 -> pciBridge(rp, Math.min(left, 4));
                default -> pcieSwitch(rp, Math.min(left, 7));
            }
        }
        return String.join("\n", lines.subList(0, devices + 5)) + "\n";
    }

    private void endpoints(String parent, int functions) {
        int b = bus++;
        for (int f = 0; f < functions; f++) {
            device(String.format("%02x:00.%d", b, f), parent, "endpoint", "01" + f + "0", null,
                    random.nextBoolean() ? "vfio-pci" : "nvme", functions > 1 ? "multifunction: true" : null);
        }
    }

    private void sriov(String parent, int size) {
        int b = bus++;
        String pf = String.format("%02x:00.0", b);
        device(pf, parent, "endpoint", "8000", null, "ixgbe", null);
        for (int vf = 1; vf < size; vf++) {
            device(String.format("%02x:00.%d", b, vf), parent, "endpoint", "8001", null, "vfio-pci", "physfn: \"" + pf + "\"");
        }
    }

    private void pciBridge(String parent, int size) {
        int b = bus++;
        String bridge = String.format("%02x:00.0", b);
        device(bridge, parent, "pcie_to_pci_bridge", "2000", null, null, null);
        int below = bus++;
        for (int d = 1; d < size; d++) {
            device(String.format("%02x:%02x.0", below, d), bridge, "pci_device", "300" + d, null, d == 1 ? "serial" : "vfio-pci", null);
        }
    }

    private void pcieSwitch(String parent, int size) {
        int up = bus++;
        String usp = String.format("%02x:00.0", up);
        device(usp, parent, "upstream_port", "1000", null, "pcieport", null);
        int down = bus++;
        for (int port = 0; 2 * port + 2 <= size; port++) {
            String dsp = String.format("%02x:%02x.0", down, port);
            device(dsp, usp, "downstream_port", "1001", random.nextBoolean() ? FULL : null, "pcieport", null);
            device(String.format("%02x:00.0", bus++), dsp, "endpoint", "0100", null, random.nextBoolean() ? "vfio-pci" : "nvme", null);
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
