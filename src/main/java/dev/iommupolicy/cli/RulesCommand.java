package dev.iommupolicy.cli;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RuleLint;
import dev.iommupolicy.engine.RulePack;
import dev.iommupolicy.engine.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rules list} and {@code rules lint}: the resolved rule set, and checks of a pack. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Shows and checks rule packs.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.LintPack.class})
final class RulesCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists every rule of the shipped packs and the --rules packs: pack, file:line, status (active, replaced, disabled).")
    static final class ListRules implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private RuleOptions rules;

        @Override
        public Integer call() {
            PolicyEngine engine = rules.engine(spec.commandLine().getErr());
            PrintWriter out = spec.commandLine().getOut();
            for (RulePack p : engine.ruleSet().packs()) {
                out.printf("pack %s %s (%s)%s%n", p.name(), p.version() == null ? "-" : p.version(), p.origin(),
                        p.kernels() == null ? "" : ", kernels " + p.kernels());
            }
            out.println(engine.loadedFromCache() ? "rule base: loaded from the cache" : "rule base: compiled from the DRL");
            out.println();
            out.printf("%-8s %-14s %-44s %s%n", "STATUS", "PACK", "FILE:LINE", "RULE");
            for (RuleSet.Rule r : engine.ruleSet().rules()) {
                out.printf("%-8s %-14s %-44s %s%s%n", r.status().name().toLowerCase(), r.pack(), r.file() + ":" + r.line(),
                        r.name(), r.note() == null ? "" : "  (" + r.note() + ")");
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Compiles a pack over the shipped packs and reports errors with file:line, and rules that can "
                    + "never fire. Exit 0 clean, 2 errors, 4 findings."})
    static final class LintPack implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The pack directory.")
        private Path dir;

        @Override
        public Integer call() {
            List<RulePack> packs = new ArrayList<>(RulePack.shipped());
            RulePack pack = RulePack.load(dir, dir.toString());
            packs.add(pack);
            PolicyEngine engine = PolicyEngine.compile(packs);
            PrintWriter out = spec.commandLine().getOut();
            engine.ruleSet().warnings().forEach(w -> out.println("warning: " + w));
            List<RuleLint.Finding> findings = new RuleLint().lint(engine.ruleSet(), pack.name());
            findings.forEach(f -> out.println("finding: " + f));
            long rules = engine.ruleSet().rules().stream().filter(r -> r.pack().equals(pack.name())).count();
            out.printf("pack %s: %d rules, %d findings%n", pack.name(), rules, findings.size());
            out.flush();
            return findings.isEmpty() ? ExitCode.OK.code() : ExitCode.TESTS_FAILED.code();
        }
    }
}
