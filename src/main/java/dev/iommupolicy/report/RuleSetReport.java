package dev.iommupolicy.report;

import dev.iommupolicy.engine.RuleSet;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** The resolved rule set as every report shows it: the packs, and each rule with its status. */
final class RuleSetReport {

    record Json(List<Pack> packs, List<Rule> rules) {
    }

    record Pack(String name, String version, String origin, String kernels) {
    }

    record Rule(String pack, String file, int line, String packageName, String name, String status, String note) {
    }

    private RuleSetReport() {
    }

    static Json json(RuleSet ruleSet) {
        return new Json(ruleSet.packs().stream().map(p -> new Pack(p.name(), p.version(), p.origin(), p.kernels())).toList(),
                ruleSet.rules().stream().map(r -> new Rule(r.pack(), r.file(), r.line(), r.packageName(), r.name(),
                        r.status().name().toLowerCase(), r.note())).toList());
    }

    /** One line with the packs and counts, then one line per replaced or disabled rule. */
    static void text(RuleSet ruleSet, PrintWriter out) {
        long active = ruleSet.rules().stream().filter(r -> r.status() == RuleSet.Status.ACTIVE).count();
        out.printf("%nrules: %d active from packs %s%n", active, ruleSet.packs().stream()
                .map(p -> p.name() + (p.version() == null ? "" : " " + p.version())).collect(Collectors.joining(", ")));
        ruleSet.rules().stream().filter(r -> r.status() != RuleSet.Status.ACTIVE)
                .forEach(r -> out.printf("  %s: \"%s\" (%s:%d): %s%n", r.status().name().toLowerCase(), r.name(), r.file(), r.line(), r.note()));
    }
}
