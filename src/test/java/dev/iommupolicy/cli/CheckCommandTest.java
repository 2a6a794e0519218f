package dev.iommupolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a black box: exit code, standard output, standard error. */
class CheckCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsTheGroupsAsATable() {
        assertThat(run("check", "fixtures/scenarios/t04-gpu-hda-multifunction.yaml")).isEqualTo(0);
        assertThat(out.toString()).contains("2 IOMMU groups")
                .containsPattern("1\\s+0000:01:00.0\\s+endpoint\\s+10de:1b80\\s+vfio-pci")
                .containsPattern("\\n\\s+0000:01:00.1\\s+endpoint\\s+10de:10f0\\s+snd_hda_intel");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void printsTheVersionedJsonContract() throws IOException {
        assertThat(run("check", "--format", "json", "fixtures/scenarios/t43-device-excluded-from-iommu.yaml")).isEqualTo(0);
        JsonNode doc = new ObjectMapper().readTree(out.toString());
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
        assertThat(err.toString()).isEqualTo("error: " + bad + ":4: device 0000:01:00.0: parent 0000:00:1c.0 is not in the topology"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void brokenRulePackExitsTwoWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("site.drl"), "package site;\nrule \"broken\"\nwhen\n  Nonsense( )\nthen\nend\n");

        assertThat(run("check", "--rules", dir.toString(), "fixtures/scenarios/t01-isolated-root-port.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("rule error: " + dir + "/site.drl:4:");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("check", "--bogus", "x.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }
}
