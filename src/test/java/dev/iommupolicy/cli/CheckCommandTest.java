package dev.iommupolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a black box: exit code, standard output, standard error. */
class CheckCommandTest {

    private final CliRunner cli = new CliRunner();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void printsTheGroupsAsATable() {
        assertThat(run("check", "fixtures/scenarios/t04-gpu-hda-multifunction.yaml")).isEqualTo(0);
        assertThat(cli.out()).contains("2 IOMMU groups")
                .containsPattern("1\\s+0000:01:00.0\\s+endpoint\\s+10de:1b80\\s+vfio-pci")
                .containsPattern("\\n\\s+0000:01:00.1\\s+endpoint\\s+10de:10f0\\s+snd_hda_intel");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void printsTheVersionedJsonContract() throws IOException {
        assertThat(run("check", "--format", "json", "fixtures/scenarios/t43-device-excluded-from-iommu.yaml")).isEqualTo(0);
        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertThat(doc.get("apiVersion").asText()).isEqualTo("iommu-policy/v1");
        assertThat(doc.get("groups")).hasSize(1);
        assertThat(doc.get("groups").get(0).get("devices").get(0).asText()).isEqualTo("0000:00:00.0");
        assertThat(doc.get("ungrouped").get(0).get("bdf").asText()).isEqualTo("0000:00:02.0");
    }

    @Test
    void invalidTopologyExitsTwoNamingFileAndLineWithoutStackTrace(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: iommu-policy/v1\nkind: Topology\ndevices:\n"
                + "  - {bdf: \"01:00.0\", parent: \"00:1c.0\", type: endpoint, vendor: \"1\", device: \"2\"}\n");

        assertThat(run("check", bad.toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: " + bad + ":4: device 0000:01:00.0: parent 0000:00:1c.0 is not in the topology"
                + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void brokenRulePackExitsTwoWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("site.drl"), "package site;\nrule \"broken\"\nwhen\n  Nonsense( )\nthen\nend\n");

        assertThat(run("check", "--rules", dir.toString(), "fixtures/scenarios/t01-isolated-root-port.yaml")).isEqualTo(2);
        assertThat(cli.err()).contains("rule error: " + dir + "/site.drl:4:");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void tableShowsEachGroupsClaimAndWhyItFails() {
        assertThat(run("check", "fixtures/scenarios/t04-gpu-hda-multifunction.yaml")).isEqualTo(0);
        assertThat(cli.out()).contains("ownership model owner-count")
                .containsPattern("0\\s+0000:00:01.0\\s+root_port\\s+abcd:0001\\s+pcieport\\s+allowed")
                .containsPattern("1\\s+0000:01:00.0\\s+endpoint\\s+10de:1b80\\s+vfio-pci\\s+EPERM")
                .contains("group 1: EPERM: the ownership claim fails")
                .contains("- 0000:01:00.1 is bound to snd_hda_intel, which is not in the driver_managed_dma list");
    }

    @Test
    void jsonCarriesTheClaimContract() throws IOException {
        assertThat(run("check", "--format", "json", "fixtures/scenarios/t04-gpu-hda-multifunction.yaml")).isEqualTo(0);
        JsonNode groups = new ObjectMapper().readTree(cli.out()).get("groups");
        assertThat(groups.get(0).get("claim").get("allowed").asBoolean()).isTrue();
        assertThat(groups.get(0).get("claim").get("errno").isNull()).isTrue();
        JsonNode claim = groups.get(1).get("claim");
        assertThat(claim.get("allowed").asBoolean()).isFalse();
        assertThat(claim.get("errno").asText()).isEqualTo("EPERM");
        assertThat(claim.get("blockers")).hasSize(1);
        assertThat(claim.get("blockers").get(0).asText()).isEqualTo("0000:01:00.1");
        assertThat(claim.get("details").get(0).get("driver").asText()).isEqualTo("snd_hda_intel");
    }

    @Test
    void claimedGroupRefusesAKernelDriverBind() throws IOException {
        assertThat(run("check", "--format", "json", "--claimed", "01:00.0", "--bind", "01:00.1=snd_hda_intel",
                "--bind", "01:00.1=pci-stub", "fixtures/scenarios/t05-hda-unbound.yaml")).isEqualTo(0);
        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertThat(doc.get("groups").get(1).get("claim").get("errno").asText()).isEqualTo("EBUSY");
        assertThat(doc.get("binds").get(0).get("errno").asText()).isEqualTo("EBUSY");
        assertThat(doc.get("binds").get(1).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void kernelOptionSelectsTheLegacyViabilityModel() throws IOException {
        assertThat(run("check", "--format", "json", "--kernel", "5.15.0",
                "fixtures/scenarios/t16-pcie-to-pci-bridge-on-shpchp.yaml")).isEqualTo(0);
        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertThat(doc.get("topology").get("ownershipModel").asText()).isEqualTo("viability");
        assertThat(doc.get("groups").get(1).get("claim").get("allowed").asBoolean()).isTrue();
    }

    @Test
    void malformedBindIsAnInputError() {
        assertThat(run("check", "--bind", "01:00.1", "fixtures/scenarios/t04-gpu-hda-multifunction.yaml")).isEqualTo(2);
        assertThat(cli.err()).contains("--bind '01:00.1': expected BDF=DRIVER");
    }

    @Test
    void twoOwnersInOneGroupIsAnInputError(@TempDir Path dir) throws IOException {
        Path topology = dir.resolve("two-owners.yaml");
        Files.writeString(topology, Files.readString(Path.of("fixtures/scenarios/t28-two-function-group.yaml"))
                .replace("driver: vfio-pci}", "driver: vfio-pci, claimedBy: vm-a}")
                .replaceFirst("claimedBy: vm-a}\n(.*)claimedBy: vm-a}", "claimedBy: vm-a}\n$1claimedBy: vm-b}"));

        assertThat(run("check", topology.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("(claimedBy vm-a)").contains("(claimedBy vm-b)")
                .contains("which only one user-space owner can hold");
    }

    @Test
    void readsARealMachineFromItsSysfsCopyOrItsLspciDump() {
        String c11 = "../shared/corpus/kernel-oracle/c11-pcie-pci-bridge-under-rp/";
        assertThat(run("check", "--fsroot", c11 + "fsroot")).isEqualTo(0);
        assertThat(cli.out()).contains("kernel 6.1.0-56-amd64").contains("6 IOMMU groups")
                .containsPattern("0000:02:01.0\\s+pci_device\\s+8086:100e\\s+e1000");
        CliRunner dump = new CliRunner();
        assertThat(dump.run("check", "--lspci", c11 + "lspci-xxxx.txt")).isEqualTo(0);
        assertThat(dump.out()).contains("6 IOMMU groups").containsPattern("4\\s+0000:01:00.0\\s+pcie_to_pci_bridge");
    }

    @Test
    void jsonSaysWhetherTheKernelAgreesAndWhichGroupsAreUncertain() throws IOException {
        assertThat(run("check", "--format", "json", "--fsroot", "../shared/corpus/kernel-oracle/c04-rp-mf-mixed-acs/fsroot")).isEqualTo(0);
        JsonNode agreement = new ObjectMapper().readTree(cli.out()).get("kernelAgreement");
        assertThat(agreement.get("compared").asBoolean()).isTrue();
        assertThat(agreement.get("agrees").asBoolean()).isTrue();
        assertThat(agreement.get("differences")).isEmpty();

        CliRunner nonRoot = new CliRunner();
        assertThat(nonRoot.run("check", "--format", "json", "--lspci",
                "../shared/corpus/lspci-linuxhw/Notebook-Dell-XPS-13-9370-1DAA27AA98.txt")).isEqualTo(0);
        JsonNode doc = new ObjectMapper().readTree(nonRoot.out());
        assertThat(doc.get("kernelAgreement").get("compared").asBoolean()).isFalse();
        assertThat(doc.get("groups").get(0).get("uncertain").asBoolean()).isTrue();
        assertThat(doc.get("groups").get(0).get("uncertainty").get(0).asText()).contains("capabilities not readable");
    }

    @Test
    void atMostOneSourceIsAllowed() {
        assertThat(run("check", "--lspci", "x.txt", "fixtures/scenarios/t01-isolated-root-port.yaml")).isEqualTo(2);
        assertThat(cli.err()).contains("give at most one of TOPOLOGY, --fsroot DIR or --lspci FILE");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("check", "--bogus", "x.yaml")).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option: '--bogus'");
    }
}
