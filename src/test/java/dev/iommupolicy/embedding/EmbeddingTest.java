package dev.iommupolicy.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iommupolicy.api.IommuPolicy;
import dev.iommupolicy.api.Report;
import dev.iommupolicy.engine.RuleCompilationException;
import dev.iommupolicy.input.InputException;
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.BindRequest;
import dev.iommupolicy.model.OwnershipModel;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.PortType;
import dev.iommupolicy.model.Questions;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.model.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another tool embedding the engine through the public API only (package {@code dev.iommupolicy.api}). */
class EmbeddingTest {

    private static final IommuPolicy POLICY = IommuPolicy.builder().build();

    /** T04 built in code: a GPU and its HDA function without ACS below an isolated root port. */
    private static Topology gpuWithAudio(String audioDriver) {
        return Topology.builder().name("built-in-code")
                .device(PciDevice.builder(Bdf.parse("00:01.0")).type(PortType.ROOT_PORT).vendor(0xabcd).device(0x0001)
                        .acs(0x1f, 0x1d).driver("pcieport"))
                .device(PciDevice.builder(Bdf.parse("01:00.0")).parent(Bdf.parse("00:01.0")).vendor(0x10de).device(0x1b80)
                        .multifunctionHeader(true).driver("vfio-pci"))
                .device(PciDevice.builder(Bdf.parse("01:00.1")).parent(Bdf.parse("00:01.0")).vendor(0x10de).device(0x10f0)
                        .multifunctionHeader(true).driver(audioDriver))
                .build();
    }

    @Test
    void aPolicyBuiltFromTheRuleBaseCacheAnswersAsTheCompiledOne(@TempDir Path cache) throws IOException {
        IommuPolicy first = IommuPolicy.builder().ruleBaseCache(cache).build();
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries).as("the first build stores its compiled rule base").hasSize(1);
        }

        IommuPolicy second = IommuPolicy.builder().ruleBaseCache(cache).build();

        Topology topology = gpuWithAudio("snd_hda_intel");
        assertThat(second.evaluate(topology).groups()).isEqualTo(POLICY.evaluate(topology).groups());
        assertThat(first.evaluate(topology).groups()).isEqualTo(POLICY.evaluate(topology).groups());
        assertThat(second.ruleSet().rules()).isEqualTo(POLICY.ruleSet().rules());
    }

    @Test
    void aTopologyBuiltInCodeGetsGroupsVerdictsAndExplanations() {
        Report report = POLICY.evaluate(gpuWithAudio("snd_hda_intel"),
                new Questions(List.of(new BindRequest("0000:01:00.1", "pci-stub")), List.of()));

        assertThat(report.groups()).extracting(g -> g.bdfs())
                .containsExactly(List.of("0000:00:01.0"), List.of("0000:01:00.0", "0000:01:00.1"));
        assertThat(report.groupOf("0000:01:00.0").orElseThrow().claim().verdict()).isEqualTo(Verdict.EPERM);
        assertThat(report.groupOf("0000:01:00.0").orElseThrow().blockerDevices()).containsExactly("0000:01:00.1");
        assertThat(report.binds()).singleElement().satisfies(b -> assertThat(b.verdict()).isEqualTo(Verdict.ALLOWED));
        assertThat(report.explanations().get("0000:01:00.1").getReason()).contains("get_pci_function_alias_group");
        assertThat(report.kernelAgreement().compared()).isFalse();
    }

    @Test
    void theSameEngineJudgesOtherProfilesWhenBuiltSo() {
        IommuPolicy legacy = IommuPolicy.builder().kernel("5.10.0").build();
        assertThat(legacy.evaluate(gpuWithAudio("snd_hda_intel")).groupOf("0000:01:00.0").orElseThrow().claim().verdict())
                .isEqualTo(Verdict.EINVAL);
        IommuPolicy forced = IommuPolicy.builder().kernel("5.14.0").ownershipModel(OwnershipModel.OWNER_COUNT).build();
        assertThat(forced.evaluate(gpuWithAudio("snd_hda_intel")).groupOf("0000:01:00.0").orElseThrow().claim().verdict())
                .isEqualTo(Verdict.EPERM);
    }

    @Test
    void readersPlansAndPacksThroughTheFacade() {
        Report fromSysfs = POLICY.evaluate(POLICY.readSysfs(Path.of("../shared/corpus/kernel-oracle/c04-rp-mf-mixed-acs/fsroot")));
        assertThat(fromSysfs.kernelAgreement().agrees()).isTrue();

        var plan = POLICY.plan(POLICY.read(Path.of("fixtures/examples/desktop-gpu.yaml")), List.of("0000:01:00.0"));
        assertThat(plan.succeeds()).isTrue();
        assertThat(plan.plan().steps()).extracting(s -> s.device()).containsExactly("0000:01:00.0", "0000:01:00.1");

        IommuPolicy site = IommuPolicy.builder().addPack(Path.of("rules/site-examples")).build();
        assertThat(site.ruleSet().packs()).extracting(p -> p.name()).containsExactly("kernel", "kernel-legacy", "site-examples");
    }

    @Test
    void theLibraryPrintsNothingAndFailsWithTypedExceptions(@TempDir Path dir) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured));
        try {
            POLICY.evaluate(POLICY.read(Path.of("fixtures/examples/desktop-gpu.yaml")));
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString()).isEmpty();

        Files.writeString(dir.resolve("broken.drl"), "package site;\nrule \"x\"\nwhen\n  Nothing( )\nthen\nend\n");
        assertThatThrownBy(() -> IommuPolicy.builder().addPack(dir).build()).isInstanceOf(RuleCompilationException.class)
                .hasMessageContaining("broken.drl:4");
        assertThatThrownBy(() -> POLICY.read(dir.resolve("missing.yaml"))).isInstanceOf(InputException.class)
                .hasMessageContaining("missing.yaml: no such file");
    }
}
