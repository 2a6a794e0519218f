package dev.iommupolicy.cli;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RulePack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The rule packs every evaluating command compiles: the shipped ones, then {@code --rules} packs in order. */
final class RuleOptions {

    @Option(names = "--rules", paramLabel = "DIR",
            description = "A rule pack (a directory of .drl files, optionally with a pack.yaml manifest) applied after the "
                    + "shipped packs, in order (repeatable). A rule with the package and name of an earlier one replaces it.")
    private List<Path> ruleDirs = new ArrayList<>();

    List<RulePack> packs() {
        List<RulePack> packs = new ArrayList<>(RulePack.shipped());
        ruleDirs.forEach(dir -> packs.add(RulePack.load(dir, dir.toString())));
        return packs;
    }

    /** Compiles the packs; replacements and disablements are reported on {@code err} as warnings. */
    PolicyEngine engine(PrintWriter err) {
        PolicyEngine engine = PolicyEngine.compile(packs());
        engine.ruleSet().warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return engine;
    }
}
