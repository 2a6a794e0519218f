package dev.iommupolicy.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iommupolicy.engine.Engines;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A copy of a real sysfs tree, damaged the ways real machines are: non-root reads, dead devices. */
class SysfsReaderTest {

    private static final Path C11 = Path.of("..", "shared", "corpus", "kernel-oracle", "c11-pcie-pci-bridge-under-rp", "fsroot");
    private static final String BRIDGE = "0000:01:00.0";

    @TempDir
    Path root;

    private Path configOf(String bdf) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("config") && p.getParent().getFileName().toString().equals(bdf))
                    .findFirst().orElseThrow();
        }
    }

    private void copyCorpus() throws IOException {
        try (Stream<Path> files = Files.walk(C11)) {
            for (Path p : files.toList()) {
                Path target = root.resolve(C11.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    @Test
    void aConfigSpaceReadWithoutRootIsGuessedAndItsGroupsAreUncertain() throws IOException {
        copyCorpus();
        Path config = configOf(BRIDGE);
        Files.write(config, Arrays.copyOf(Files.readAllBytes(config), 64));

        Topology topology = new SysfsReader(root).read();
        var evaluation = Engines.shipped().evaluate(topology);

        assertThat(topology.unknowns().get(BRIDGE)).singleElement().asString()
                .contains("config space is only 64 bytes (read without root)");
        IommuGroup bridgeGroup = evaluation.groupOf(BRIDGE).orElseThrow();
        assertThat(bridgeGroup.uncertainty()).anyMatch(u -> u.startsWith(BRIDGE + ": config space is only 64 bytes"));
        assertThat(evaluation.groupOf("0000:00:03.0").orElseThrow().uncertainty()).as("an unrelated group").isEmpty();
    }

    @Test
    void aDeviceThatDoesNotRespondIsNamed() throws IOException {
        copyCorpus();
        byte[] dead = new byte[4096];
        Arrays.fill(dead, (byte) 0xff);
        Files.write(configOf(BRIDGE), dead);

        assertThatThrownBy(() -> new SysfsReader(root).read()).isInstanceOf(InputException.class)
                .hasMessageContaining(BRIDGE).hasMessageContaining("config space reads all 0xff");
    }

    @Test
    void aMachineWithoutARegisteredIommuHasNoGroupsAndTheKernelAgrees() throws IOException {
        copyCorpus();
        Files.createDirectories(root.resolve("sys/class/iommu"));
        try (Stream<Path> groups = Files.list(root.resolve("sys/kernel/iommu_groups"))) {
            for (Path g : groups.toList()) {
                try (Stream<Path> inside = Files.walk(g)) {
                    for (Path p : inside.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
        try (Stream<Path> links = Files.walk(root.resolve("sys/devices"))) {
            for (Path p : links.filter(p -> p.getFileName().toString().equals("iommu_group")).toList()) {
                Files.delete(p);
            }
        }

        Topology topology = new SysfsReader(root).read();
        var evaluation = Engines.shipped().evaluate(topology);

        assertThat(evaluation.groups()).isEmpty();
        assertThat(topology.expectations().groups()).as("the kernel's answer: no groups").isEmpty();
        assertThat(evaluation.ungrouped()).hasSize(topology.devices().size());
    }

    @Test
    void aDanglingDeviceLinkIsNamed() throws IOException {
        copyCorpus();
        Path devices = root.resolve("sys/bus/pci/devices");
        Path link = devices.resolve("0000:02:02.0");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("../../../devices/pci0000:00/nowhere/0000:02:02.0"));

        assertThatThrownBy(() -> new SysfsReader(root).read()).isInstanceOf(InputException.class)
                .hasMessageContaining(link.toString());
    }

    @Test
    void aSnapshotKeepsTheRawConfigSpaceAndReadsBackToTheSameGroups() throws IOException {
        String yaml = new SysfsReader(C11).snapshotYaml("c11");
        assertThat(yaml).contains("config: |");
        Path file = root.resolve("c11.yaml");
        Files.writeString(file, yaml);

        Topology back = new TopologyReader().read(file);
        assertThat(Engines.shipped().evaluate(back).partition())
                .isEqualTo(Engines.shipped().evaluate(new SysfsReader(C11).read()).partition());
    }
}
