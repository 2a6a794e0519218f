package dev.iommupolicy.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iommupolicy.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lspci -xxxx} dumps: the real corpus decodes like sysfs; damaged dumps are named errors. */
class LspciDumpReaderTest {

    private static final Path CORPUS = Path.of("..", "shared", "corpus", "kernel-oracle");

    @TempDir
    Path dir;

    @Test
    void decodesTheSameDevicesAsTheSysfsCopyOfTheSameMachine() {
        for (String c : List.of("c04-rp-mf-mixed-acs", "c11-pcie-pci-bridge-under-rp", "c29-nvme-sriov/after-experiments")) {
            Topology fromDump = new LspciDumpReader().read(CORPUS.resolve(c).resolve("lspci-xxxx.txt"));
            Topology fromSysfs = new SysfsReader(CORPUS.resolve(c).resolve("fsroot")).read();
            assertThat(fromDump.devices()).as(c).hasSameSizeAs(fromSysfs.devices());
            for (var d : fromSysfs.devices()) {
                var dumped = fromDump.device(d.getBdf()).orElseThrow();
                assertThat(dumped.getType()).as(d.getBdf()).isEqualTo(d.getType());
                assertThat(dumped.getParent()).as(d.getBdf()).isEqualTo(d.getParent());
                assertThat(dumped.getIds()).as(d.getBdf()).isEqualTo(d.getIds());
                assertThat(dumped.getAcsCap()).as(d.getBdf()).isEqualTo(d.getAcsCap());
                assertThat(dumped.getAcsCtl()).as(d.getBdf()).isEqualTo(d.getAcsCtl());
                assertThat(dumped.getPhysfn()).as(d.getBdf()).isEqualTo(d.getPhysfn());
                assertThat(dumped.isMultifunctionHeader()).as(d.getBdf()).isEqualTo(d.isMultifunctionHeader());
            }
        }
    }

    @Test
    void damagedDumpsAreErrorsNamingFileLineAndDevice() throws IOException {
        List<String> lines = Files.readAllLines(CORPUS.resolve("c11-pcie-pci-bridge-under-rp/lspci-xxxx.txt"));
        Path missing = dir.resolve("missing.txt");
        Files.write(missing, lines.subList(0, 9));                 // the header and 128 of the 4096 bytes
        assertThatThrownBy(() -> new LspciDumpReader().read(missing)).isInstanceOf(InputException.class)
                .hasMessageContaining("missing.txt:1: device 0000:00:00.0: only 128 bytes of config space");

        Path reordered = dir.resolve("reordered.txt");
        List<String> swapped = new java.util.ArrayList<>(lines);
        swapped.remove(3);
        Files.write(reordered, swapped);
        assertThatThrownBy(() -> new LspciDumpReader().read(reordered)).isInstanceOf(InputException.class)
                .hasMessageContaining("reordered.txt:4: device 0000:00:00.0: expected offset 20, found 030 (missing or reordered lines)")
                .satisfies(e -> assertThat(((InputException) e).problems()).hasSize(1));

        Path garbage = dir.resolve("garbage.txt");
        Files.writeString(garbage, "hello world\n");
        assertThatThrownBy(() -> new LspciDumpReader().read(garbage)).isInstanceOf(InputException.class)
                .hasMessageContaining("garbage.txt:1: neither a function header nor a hex line: 'hello world'");

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n");
        assertThatThrownBy(() -> new LspciDumpReader().read(empty)).isInstanceOf(InputException.class)
                .hasMessageContaining("no function found");
    }
}
