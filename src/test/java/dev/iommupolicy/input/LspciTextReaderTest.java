package dev.iommupolicy.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iommupolicy.engine.Engines;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real {@code lspci -vvnn} output of the linuxhw sample parses and evaluates, matching what its
 * manifest says about the machine (device count, ACS-capable devices, root access).
 */
class LspciTextReaderTest {

    private static final Path LINUXHW = Path.of("..", "shared", "corpus", "lspci-linuxhw");

    /** One manifest row: file, device_count, has_acs_cap, root_access. */
    record Machine(String file, int devices, int acsCapable, boolean root) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Machine> machines() throws IOException {
        try (Stream<String> rows = Files.lines(LINUXHW.resolve("manifest.tsv"))) {
            return rows.skip(1).map(r -> r.split("\t"))
                    .map(c -> new Machine(c[0], Integer.parseInt(c[6]), Integer.parseInt(c[7]), c[12].equals("yes"))).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void parsesEveryDeviceAndSaysWhatItCouldNotRead(Machine m) throws IOException {
        Topology topology = new LspciTextReader().read(LINUXHW.resolve(m.file()));
        Evaluation evaluation = Engines.shipped().evaluate(topology);

        assertThat(topology.devices()).hasSize(m.devices());
        assertThat(topology.devices().stream().filter(PciDevice::isAcsCapable)).hasSize(m.acsCapable());
        if (m.root()) {
            assertThat(topology.unknowns().values().stream().flatMap(List::stream))
                    .noneMatch(u -> u.contains("capabilities not readable"));
        } else {
            long denied = Files.readAllLines(LINUXHW.resolve(m.file())).stream().filter(l -> l.contains("<access denied>")).count();
            assertThat(topology.unknowns().values().stream().filter(u -> u.stream().anyMatch(x -> x.contains("capabilities not readable"))))
                    .hasSize((int) denied);
            assertThat(evaluation.groups()).anyMatch(g -> !g.uncertainty().isEmpty());
        }
    }

    @Test
    void readsDomainsVirtualFunctionsAndTruncatedHeaders() throws IOException {
        Topology ampere = new LspciTextReader().read(LINUXHW.resolve("Server-ADLINK-Ampere-Altra-Developer-Platform-05CDF111CC.txt"));
        assertThat(ampere.devices()).extracting(d -> d.getAddress().domain()).contains(0, 2, 4, 5, 0xc, 0xd);
        assertThat(ampere.expectations().groups()).as("IOMMU group: lines").isNotEmpty();

        Topology vfio = new LspciTextReader().read(LINUXHW.resolve("Server-ASRockRack-X570D4U-2L2T-A71DF974B6.txt"));
        assertThat(vfio.devices()).filteredOn(PciDevice::isVirtualFunction).extracting(PciDevice::getDriver).contains("vfio-pci");

        Topology ibm = new LspciTextReader().read(LINUXHW.resolve("Server-IBM-System-x3650-M4-7915G3G-BABEC64E24.txt"));
        assertThat(ibm.unknowns().get("0000:7f:0f.2")).anyMatch(u -> u.contains("vendor and device IDs missing"));
    }

    @Test
    void textWithoutDevicesIsAnError(@TempDir Path dir) throws IOException {
        Path notLspci = dir.resolve("dmesg.txt");
        Files.writeString(notLspci, "[    0.000000] Linux version 6.1.0\n");
        assertThatThrownBy(() -> new LspciTextReader().read(notLspci)).isInstanceOf(InputException.class)
                .hasMessageContaining("dmesg.txt: no device found (expected the output of lspci -vvvnn)");
    }
}
