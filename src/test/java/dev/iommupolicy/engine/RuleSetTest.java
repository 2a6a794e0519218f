package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iommupolicy.input.InputException;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.model.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packs layered over the shipped ones: replacement, disablement, kernel ranges, and bad packs. */
class RuleSetTest {

    private static final String EPERM_RULE = "a member bound to a driver that is not driver_managed_dma blocks the claim: EPERM";
    private static final Topology T04 = new TopologyReader().read(Path.of("fixtures/scenarios/t04-gpu-hda-multifunction.yaml"));

    @TempDir
    Path dir;

    private Path pack(String name, String manifest, String drl) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p);
        if (manifest != null) {
            Files.writeString(p.resolve("pack.yaml"), "apiVersion: iommu-policy/v1\nkind: RulePack\nname: " + name + "\n" + manifest);
        }
        if (drl != null) {
            Files.writeString(p.resolve("rules.drl"), drl);
        }
        return p;
    }

    private static PolicyEngine engine(Path... packs) {
        List<RulePack> all = new ArrayList<>(RulePack.shipped());
        for (Path p : packs) {
            all.add(RulePack.load(p, p.toString()));
        }
        return PolicyEngine.compile(all);
    }

    private static Verdict claimOfGpuGroup(PolicyEngine engine) {
        return engine.evaluate(T04).groupOf("0000:01:00.0").orElseThrow().claim().verdict();
    }

    @Test
    void aManifestDisablesABaseRuleAndTheRuleSetSaysSo() throws IOException {
        Path site = pack("lenient", "disable: [\"" + EPERM_RULE + "\"]\n", null);

        PolicyEngine engine = engine(site);

        assertThat(claimOfGpuGroup(Engines.shipped())).isEqualTo(Verdict.EPERM);
        assertThat(claimOfGpuGroup(engine)).isEqualTo(Verdict.ALLOWED);
        assertThat(engine.ruleSet().rules()).filteredOn(r -> r.name().equals(EPERM_RULE)).singleElement()
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(RuleSet.Status.DISABLED);
                    assertThat(r.note()).contains("lenient");
                });
        assertThat(engine.ruleSet().warnings()).singleElement().asString()
                .contains(site + "/pack.yaml").contains("rules/kernel/ownership.drl:");
    }

    @Test
    void aRuleWithTheSamePackageAndNameReplacesTheBaseRule() throws IOException {
        Path distro = pack("quiet-hda", null, """
                package iommupolicy.kernel;
                import dev.iommupolicy.model.*;
                rule "%s"
                    salience 20
                when
                    OwnershipModel( this == OwnershipModel.OWNER_COUNT )
                    GroupMember( $d : device, $g : founder )
                    PciDevice( bdf == $d, $driver : driver != null, driver != "snd_hda_intel" )
                    not ExemptDriver( name == $driver )
                then
                    insertLogical( new ClaimBlocker( $g, $d, Verdict.EPERM, 2, true, $d + " is bound to " + $driver ) );
                end
                """.formatted(EPERM_RULE));

        PolicyEngine engine = engine(distro);

        assertThat(claimOfGpuGroup(engine)).isEqualTo(Verdict.ALLOWED);
        assertThat(engine.ruleSet().rules()).filteredOn(r -> r.name().equals(EPERM_RULE))
                .extracting(RuleSet.Rule::pack, RuleSet.Rule::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kernel", RuleSet.Status.REPLACED),
                        org.assertj.core.groups.Tuple.tuple("quiet-hda", RuleSet.Status.ACTIVE));
        assertThat(engine.ruleSet().warnings()).singleElement().asString()
                .contains(distro + "/rules.drl:3").contains("rules/kernel/ownership.drl:");
    }

    @Test
    void aPackLimitedToKernelVersionsDoesNotFireOutsideThem() throws IOException {
        Path old = pack("old-kernels", "kernels: \"<5.0\"\ndisable: []\n", """
                package site;
                import dev.iommupolicy.model.HostCritical;
                rule "every device is critical on old kernels"
                when
                    $d : dev.iommupolicy.model.PciDevice()
                then
                    insert( new HostCritical( $d.getBdf(), "old kernel" ) );
                end
                """);
        PolicyEngine engine = engine(old);

        assertThat(engine.evaluate(T04).firedRules()).doesNotContain("every device is critical on old kernels");
        assertThat(engine.evaluate(T04.withKernel(dev.iommupolicy.model.KernelVersion.parse("4.19.0"))).firedRules())
                .contains("every device is critical on old kernels");
    }

    @Test
    void badPacksAreClearErrors() throws IOException {
        Path a = pack("a", "requires: [b]\n", null);
        Path b = pack("b", "requires: [a]\n", null);
        assertThatThrownBy(() -> engine(a, b)).isInstanceOf(InputException.class)
                .hasMessageContaining("packs require each other in a cycle: a -> b -> a");

        Path missing = pack("needs-zen", "requires: [zen]\n", null);
        assertThatThrownBy(() -> engine(missing)).isInstanceOf(InputException.class)
                .hasMessageContaining("requires pack 'zen', which is not loaded");

        Path twin = pack("kernel-copy", null, null);
        Files.writeString(twin.resolve("pack.yaml"), "kind: RulePack\nname: kernel\n");
        assertThatThrownBy(() -> engine(twin)).isInstanceOf(InputException.class)
                .hasMessageContaining("pack name 'kernel' is already used by rules/kernel");

        Path unknown = pack("typo", "disable: [\"no such rule\"]\n", null);
        assertThatThrownBy(() -> engine(unknown)).isInstanceOf(RuleCompilationException.class)
                .hasMessageContaining(unknown + "/pack.yaml: disable: no other loaded pack defines a rule \"no such rule\"");

        Path field = pack("field", "kernal: \">=5.0\"\n", null);
        assertThatThrownBy(() -> engine(field)).isInstanceOf(InputException.class)
                .hasMessageContaining(field + "/pack.yaml:4: unknown field 'kernal'");
    }
}
