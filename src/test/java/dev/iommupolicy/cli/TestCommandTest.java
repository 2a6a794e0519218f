package dev.iommupolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iommupolicy.engine.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** {@code test} as CI uses it: exit codes, the summary line, reports, --update. */
class TestCommandTest {

    private static final Path T04 = Path.of("fixtures/scenarios/t04-gpu-hda-multifunction.yaml");

    private final CliRunner cli = new CliRunner();

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void shippedFixturesAllPassWithFullCoverageOfTheShippedRules() throws IOException {
        long packFixtures;
        try (var files = Files.walk(Path.of("fixtures/packs"))) {
            packFixtures = files.filter(p -> p.toString().endsWith(".yaml")).count();
        }
        assertThat(cli.run("test", "--coverage-min", "100", "fixtures")).isEqualTo(0);
        assertThat(cli.out()).contains("iommupolicy.kernel").contains("100.0%").doesNotContain("never fired");
        assertThat(lastLine(cli.out())).matches("\\d+ passed, 0 failed, 0 errors, " + packFixtures + " skipped in .*");
    }

    @Test
    void everyExtraPackPassesItsOwnFixtures() {
        assertThat(Engines.extraPacks()).hasSizeGreaterThanOrEqualTo(2);
        for (var pack : Engines.extraPacks()) {
            CliRunner run = new CliRunner();
            assertThat(run.run("test", "--rules", pack.origin(), "fixtures/packs/" + pack.name())).as(run.out()).isEqualTo(0);
            assertThat(lastLine(run.out())).as(pack.name()).matches("\\d+ passed, 0 failed, 0 errors, 0 skipped in .*");
        }
    }

    @Test
    void fileSystemRootsAreMachinesCheckedAgainstTheirKernelsGroups() {
        assertThat(cli.run("test", "../shared/corpus/kernel-oracle")).isEqualTo(0);
        assertThat(cli.out()).contains("PASS  ../shared/corpus/kernel-oracle/c29-nvme-sriov/after-experiments/fsroot");
        assertThat(lastLine(cli.out())).startsWith("13 passed, 0 failed, 0 errors, 0 skipped");
    }

    @Test
    void fixturesThatNeedAPackThatIsNotLoadedAreSkippedAndSaySo() {
        assertThat(cli.run("test", "fixtures/packs/acs-override")).isEqualTo(4);
        assertThat(cli.out()).contains("SKIP  fixtures/packs/acs-override/t24-multifunction.yaml (needs rule pack(s) acs-override, not loaded)");
    }

    @Test
    void resultsAreTheSameInTheSameOrderWhateverTheNumberOfJobs() {
        CliRunner one = new CliRunner();
        CliRunner four = new CliRunner();
        assertThat(one.run("test", "--jobs", "1", "fixtures")).isEqualTo(0);
        assertThat(four.run("test", "--jobs", "4", "fixtures")).isEqualTo(0);
        assertThat(withoutTimings(four.out())).isEqualTo(withoutTimings(one.out())).contains("PASS  fixtures/scenarios/t04");
    }

    private static String withoutTimings(String text) {
        return text.substring(0, text.lastIndexOf(" in "));
    }

    @Test
    void aWrongGroupExpectationFailsWithADiffNamingTheGroup(@TempDir Path dir) throws IOException {
        Path wrong = dir.resolve("t04-wrong.yaml");
        Files.writeString(wrong, Files.readString(T04).replace("- [\"01:00.0\", \"01:00.1\"]", "- [\"01:00.0\"]\n    - [\"01:00.1\"]"));

        assertThat(cli.run("test", "-q", dir.toString(), T04.toString())).isEqualTo(4);
        assertThat(cli.out()).contains("FAIL  " + wrong)
                .contains("- expected [0000:01:00.0]").contains("- expected [0000:01:00.1]")
                .contains("+ derived  [0000:01:00.0, 0000:01:00.1]");
        assertThat(lastLine(cli.out())).startsWith("1 passed, 1 failed, 0 errors, 0 skipped");
    }

    @Test
    void aBrokenFixtureIsAnErrorWhileTheOthersStillRun(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "apiVersion: iommu-policy/v1\nkind: Topology\ndevices:\n  - {bdf: zz}\n");
        Files.copy(T04, dir.resolve("t04.yaml"));

        assertThat(cli.run("test", dir.toString())).isEqualTo(2);
        assertThat(cli.out()).contains("ERROR " + dir.resolve("broken.yaml"))
                .contains(dir.resolve("broken.yaml") + ":4: bdf: ").contains("PASS  " + dir.resolve("t04.yaml"));
        assertThat(lastLine(cli.out())).startsWith("1 passed, 0 failed, 1 errors, 0 skipped");
    }

    @Test
    void noFixtureFoundIsAFailure(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pack.yaml"), "kind: RulePack\nname: site\n");

        assertThat(cli.run("test", dir.toString())).isEqualTo(4);
        assertThat(cli.err()).contains("no fixture with an expect: block");
        assertThat(cli.out()).contains("SKIP  " + dir.resolve("pack.yaml") + " (kind RulePack, not a topology)");
    }

    @Test
    void aRuleThatMustFireButDoesNotFlagsAVacuousPass(@TempDir Path dir) throws IOException {
        Path fixture = dir.resolve("vacuous.yaml");
        Files.writeString(fixture, Files.readString(T04) + "  rules:\n"
                + "    - \"the function search visits the non-isolated functions of a non-isolated multifunction slot\"\n"
                + "    - \"a VFIO driver cannot bind a bridge: EINVAL\"\n    - \"no such rule\"\n");

        assertThat(cli.run("test", fixture.toString())).isEqualTo(4);
        assertThat(cli.out()).doesNotContain("function search visits the non-isolated functions of a non-isolated multifunction slot\" fires:")
                .contains("rule \"a VFIO driver cannot bind a bridge: EINVAL\" fires: it never fired")
                .contains("rule \"no such rule\" fires: no loaded rule pack defines a rule of that name");
    }

    @Test
    void writesJunitJsonAndTapReportsWithOneCasePerExpectation(@TempDir Path dir) throws Exception {
        Path junit = dir.resolve("r.xml");
        Path json = dir.resolve("r.json");
        Path tap = dir.resolve("r.tap");
        assertThat(cli.run("test", "--report", "junit=" + junit, "--report", "json=" + json, "--report", "tap=" + tap,
                T04.toString())).isEqualTo(0);

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        NodeList cases = xml.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4); // reads and evaluates, groups, claim, plan
        assertThat(cases.item(1).getAttributes().getNamedItem("name").getNodeValue()).isEqualTo("groups");
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("kind").asText()).isEqualTo("TestReport");
        assertThat(report.get("summary").get("passed").asInt()).isEqualTo(1);
        assertThat(report.get("fixtures").get(0).get("checks")).hasSize(3);

        assertThat(Files.readString(tap)).startsWith("TAP version 13\n1..1\nok 1 - " + T04);
    }

    @Test
    void updateCapturesTheResultsOfAFixtureWithoutExpectations(@TempDir Path dir) throws IOException {
        Path fixture = dir.resolve("captured.yaml");
        String original = Files.readString(T04);
        Files.writeString(fixture, original.substring(0, original.indexOf("expect:")));

        assertThat(cli.run("test", "--update", fixture.toString())).isEqualTo(0);
        assertThat(cli.out()).contains("updated " + fixture);
        assertThat(Files.readString(fixture)).contains("""
                expect:
                  groups:
                    - ["0000:00:01.0"]
                    - ["0000:01:00.0", "0000:01:00.1"]
                  ownership:
                    claims:
                      - {device: "0000:00:01.0", verdict: allowed, blockers: []}
                      - {device: "0000:01:00.0", verdict: EPERM, blockers: ["0000:01:00.1"]}
                """);

        assertThat(new CliRunner().run("test", fixture.toString())).isEqualTo(0);
        String updated = Files.readString(fixture);
        assertThat(new CliRunner().run("test", "--update", fixture.toString())).isEqualTo(0);
        assertThat(Files.readString(fixture)).as("never overwritten without --force").isEqualTo(updated);
    }
}
