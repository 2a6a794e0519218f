package dev.iommupolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules list}, {@code rules lint}, and pack warnings as users see them. */
class RulesCommandTest {

    private static final String EPERM_RULE = "a member bound to a driver that is not driver_managed_dma blocks the claim: EPERM";

    private final CliRunner cli = new CliRunner();

    @Test
    void listShowsEveryRuleWithItsPackFileAndStatus() {
        assertThat(cli.run("rules", "list", "--rules", "rules/distros/acs-override")).isEqualTo(0);
        assertThat(cli.out()).contains("pack acs-override 1.0.0 (rules/distros/acs-override)")
                .containsPattern("active\\s+kernel\\s+rules/kernel/ownership.drl:\\d+\\s+" + EPERM_RULE)
                .containsPattern("active\\s+acs-override\\s+rules/distros/acs-override/acs-override.drl:\\d+\\s+pcie_acs_override=downstream");
    }

    @Test
    void aDisablingPackIsWarnedAboutAndShownInTheReport(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pack.yaml"), "kind: RulePack\nname: lenient\ndisable: [\"" + EPERM_RULE + "\"]\n");

        assertThat(cli.run("check", "--rules", dir.toString(), "fixtures/scenarios/t04-gpu-hda-multifunction.yaml")).isEqualTo(0);
        assertThat(cli.err()).startsWith("warning: " + dir + "/pack.yaml: pack 'lenient' disables rule \"" + EPERM_RULE
                + "\" of pack 'kernel' (rules/kernel/ownership.drl:");
        assertThat(cli.out()).contains("disabled: \"" + EPERM_RULE + "\"")
                .containsPattern("1\\s+0000:01:00.0\\s+endpoint\\s+10de:1b80\\s+vfio-pci\\s+allowed");
    }

    @Test
    void lintReportsARuleThatCanNeverFire(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("site.drl"), """
                package site;
                import dev.iommupolicy.model.HostCritical;
                declare Ghost
                    bdf : String
                end
                rule "ghosts are critical"
                when
                    Ghost( $b : bdf )
                then
                    insert( new HostCritical( $b, "ghost" ) );
                end
                """);

        assertThat(cli.run("rules", "lint", dir.toString())).isEqualTo(4);
        assertThat(cli.out()).contains("finding: " + dir + "/site.drl:6: rule \"ghosts are critical\" can never fire: "
                + "no rule and not the engine inserts Ghost");
    }

    @Test
    void lintOfACleanPackPasses() {
        assertThat(cli.run("rules", "lint", "rules/distros/acs-override")).isEqualTo(0);
        assertThat(cli.out()).contains("pack acs-override: 4 rules, 0 findings");
    }

    @Test
    void lintOfABrokenPackNamesFileLineAndColumn(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("site.drl"), "package site;\nrule \"broken\"\nwhen\n  PciDevice( nosuch == 1 )\nthen\nend\n");

        assertThat(cli.run("rules", "lint", dir.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("rule error: " + dir + "/site.drl:4:");
    }
}
