package dev.iommupolicy.report;

import dev.iommupolicy.engine.RuleSet;
import dev.iommupolicy.verify.Check;
import dev.iommupolicy.verify.Coverage;
import dev.iommupolicy.verify.FixtureResult;
import dev.iommupolicy.verify.SuiteOutcome;
import java.io.PrintWriter;
import java.util.Map;

/** The text output of {@code test}: one line per fixture, diffs under failures, the summary line last. */
public final class SuiteTextReport {

    public void write(SuiteOutcome outcome, RuleSet ruleSet, boolean coverage, PrintWriter out) {
        for (FixtureResult r : outcome.results()) {
            out.printf("%-5s %s%s%n", label(r.status()), r.file(),
                    r.status() == FixtureResult.Status.SKIPPED ? " (" + String.join("; ", r.problems()) + ")" : "");
            if (r.status() == FixtureResult.Status.ERROR) {
                r.problems().forEach(p -> out.printf("      %s%n", p));
            }
            for (Check c : r.failedChecks()) {
                out.printf("      %s: %s%n", c.name(), c.failure().replace("\n", "\n        "));
            }
        }
        if (coverage) {
            writeCoverage(outcome.coverage(), out);
        }
        RuleSetReport.text(ruleSet, out);
        out.printf("%n%s in %.2f s (%.0f fixtures/s, %d jobs)%n", outcome.summary(), outcome.nanos() / 1e9,
                outcome.throughput(), outcome.jobs());
        out.flush();
    }

    private static void writeCoverage(Coverage coverage, PrintWriter out) {
        out.printf("%nrule coverage: %.1f%%%n", coverage.percent());
        for (Map.Entry<String, Coverage.PackageCoverage> e : coverage.packages().entrySet()) {
            Coverage.PackageCoverage p = e.getValue();
            out.printf("  %-24s %3d/%-3d %5.1f%%%n", e.getKey(), p.rules().size() - p.neverFired().size(), p.rules().size(), p.percent());
            p.neverFired().forEach(r -> out.printf("    never fired: %s%n", r));
        }
    }

    static String label(FixtureResult.Status status) {
        return switch (status) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case ERROR -> "ERROR";
            case SKIPPED -> "SKIP";
        };
    }
}
