package dev.iommupolicy.input;

import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a machine from a file-system root: {@code sys/bus/pci/devices/*} (config space, ids, driver,
 * physfn, parent from the device path), {@code proc/cmdline} and {@code proc/sys/kernel/osrelease}.
 * Works on a live {@code /} and on copies where symlinks are stored as files holding the link target.
 * The {@code iommu_group} links are the kernel's answer: they become the expectation, never input.
 */
public final class SysfsReader {

    private final Path root;

    public SysfsReader(Path root) {
        this.root = root;
    }

    /** The machine as a topology, with the kernel's groups as its expectation. */
    public Topology read() {
        return TopologyReader.fromDocument(document(), root.toString());
    }

    /** The host name in {@code proc/sys/kernel/hostname}, or "machine". */
    public String hostName() {
        return readTrimmed(root.resolve("proc/sys/kernel/hostname")).orElse("machine");
    }

    /** The machine as v1 topology YAML, the kernel's groups as {@code expect.groups}: what {@code snapshot} writes. */
    public String snapshotYaml(String name) {
        TopologyDocument doc = document();
        doc.metadata.name = name;
        TopologyReader.fromDocument(doc, root.toString());
        return TopologyReader.toYaml(doc);
    }

    private TopologyDocument document() {
        Path devicesDir = root.resolve("sys/bus/pci/devices");
        if (!Files.isDirectory(devicesDir)) {
            throw new InputException(devicesDir + ": not a directory (is " + root + " a file-system root with sysfs?)");
        }
        TopologyDocument doc = TopologyDocument.named(hostName(), "captured from " + root + " by iommu-policy snapshot");
        doc.kernel = new TopologyDocument.Kernel();
        doc.kernel.version = readTrimmed(root.resolve("proc/sys/kernel/osrelease")).orElse(null);
        doc.kernel.cmdline = readTrimmed(root.resolve("proc/cmdline")).orElse(null);
        Map<String, List<String>> groups = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> entries = Files.list(devicesDir)) {
            for (Path entry : entries.sorted().toList()) {
                try {
                    Path dir = resolveLink(entry);
                    doc.devices.add(device(entry.getFileName().toString(), dir));
                    link(dir.resolve("iommu_group")).ifPresent(g -> groups.computeIfAbsent(g, k -> new ArrayList<>())
                            .add(Bdf.parse(entry.getFileName().toString()).toString()));
                } catch (IOException | IllegalArgumentException e) {
                    problems.add(entry + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new InputException(devicesDir + ": cannot list: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        doc.devices.sort((a, b) -> Bdf.parse(a.bdf).compareTo(Bdf.parse(b.bdf)));
        if (noIommu()) {
            // /sys/class/iommu lists the registered IOMMUs: none means no device gets a group
            doc.devices.forEach(d -> d.iommu = Boolean.FALSE);
            doc.metadata.description += "; no IOMMU registered (sys/class/iommu is empty)";
        }
        // an empty sys/kernel/iommu_groups is an answer too: the kernel made no groups
        if (!groups.isEmpty() || Files.isDirectory(root.resolve("sys/kernel/iommu_groups"))) {
            doc.expect = new TopologyDocument.Expect();
            doc.expect.groups = new ArrayList<>(groups.values());
            doc.expect.groupsFrom = "kernel";
        }
        return doc;
    }

    private boolean noIommu() {
        Path iommus = root.resolve("sys/class/iommu");
        try (Stream<Path> entries = Files.isDirectory(iommus) ? Files.list(iommus) : Stream.of(iommus)) {
            return Files.isDirectory(iommus) && entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private TopologyDocument.DeviceSpec device(String name, Path dir) throws IOException {
        Bdf bdf = Bdf.parse(name);
        byte[] raw = Files.readAllBytes(dir.resolve("config"));
        ConfigSpace config = new ConfigSpace(raw);
        if (config.allOnes()) {
            throw new IOException("config space reads all 0xff: the device does not respond (removed, powered off or in reset)");
        }
        TopologyDocument.DeviceSpec d = new TopologyDocument.DeviceSpec();
        d.bdf = bdf.toString();
        String parentName = dir.getParent().getFileName().toString();
        d.parent = parentName.startsWith("pci") ? null : Bdf.parse(parentName).toString();
        if (config.hasCapabilitySpace()) {
            d.type = config.portType().yamlName();
            d.config = ConfigSpace.hex(raw);
        } else {
            // without root, sysfs gives 64 bytes: no capability list, so no PCIe port type and no ACS
            d.type = guessType(config, d.parent == null);
            d.unknown = List.of("config space is only " + raw.length + " bytes (read without root): port type guessed as "
                    + d.type + ", ACS unknown and treated as absent");
        }
        d.vendor = hexAttribute(dir, "vendor");
        d.device = hexAttribute(dir, "device");
        d.subsystemVendor = hexAttribute(dir, "subsystem_vendor");
        d.subsystemDevice = hexAttribute(dir, "subsystem_device");
        d.classCode = hexAttribute(dir, "class");
        d.multifunction = config.multifunction() ? Boolean.TRUE : null;
        config.acs().ifPresent(regs -> d.acs = TopologyDocument.Acs.of(regs[0], regs[1]));
        d.driver = link(dir.resolve("driver")).orElse(null);
        // a VF's directory sits beside its PF's, below the same bridge: the path already gives its parent
        d.physfn = link(dir.resolve("physfn")).map(pf -> Bdf.parse(pf).toString()).orElse(null);
        return d;
    }

    private static String guessType(ConfigSpace config, boolean onRootBus) {
        if (config.headerLayout() != 0) {
            return onRootBus ? "root_port" : "downstream_port";
        }
        return onRootBus ? "rc_endpoint" : "endpoint";
    }

    private static String hexAttribute(Path dir, String name) throws IOException {
        Optional<String> text = readTrimmed(dir.resolve(name));
        return text.map(t -> t.replaceFirst("^0x", "")).orElse(null);
    }

    /** The target of a sysfs link: a real symlink, or a file holding the relative target. */
    private static Path resolveLink(Path link) throws IOException {
        if (Files.isSymbolicLink(link)) {
            return link.toRealPath();
        }
        if (Files.isRegularFile(link)) {
            String target = Files.readString(link, StandardCharsets.UTF_8).trim();
            Path resolved = link.getParent().resolve(target).normalize();
            if (!Files.isDirectory(resolved)) {
                throw new IOException("link target " + target + " does not exist");
            }
            return resolved;
        }
        return link;
    }

    /** The basename of a link's target, if the link exists. */
    private static Optional<String> link(Path link) throws IOException {
        if (Files.isSymbolicLink(link)) {
            return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
        }
        if (Files.isRegularFile(link)) {
            String target = Files.readString(link, StandardCharsets.UTF_8).trim();
            return Optional.of(Path.of(target).getFileName().toString());
        }
        return Optional.empty();
    }

    private static Optional<String> readTrimmed(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
