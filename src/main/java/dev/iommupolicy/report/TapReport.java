package dev.iommupolicy.report;

import dev.iommupolicy.verify.Check;
import dev.iommupolicy.verify.FixtureResult;
import dev.iommupolicy.verify.FixtureResult.Status;
import dev.iommupolicy.verify.SuiteOutcome;
import java.io.PrintWriter;

/** TAP version 13: one test point per fixture, failures and errors as YAML diagnostics. */
public final class TapReport {

    public void write(SuiteOutcome outcome, PrintWriter out) {
        out.println("TAP version 13");
        out.println("1.." + outcome.results().size());
        int n = 0;
        for (FixtureResult r : outcome.results()) {
            n++;
            boolean ok = r.status() == Status.PASSED || r.status() == Status.SKIPPED;
            out.printf("%s %d - %s%s%n", ok ? "ok" : "not ok", n, r.file(),
                    r.status() == Status.SKIPPED ? " # SKIP " + String.join("; ", r.problems()) : "");
            if (!ok) {
                out.println("  ---");
                out.println("  status: " + r.status().name().toLowerCase());
                out.println("  problems:");
                r.problems().forEach(p -> out.println("    - " + yamlString(p)));
                r.failedChecks().forEach(c -> out.println("    - " + yamlString(c.name() + ": " + c.failure())));
                out.println("  ...");
            }
        }
        out.flush();
    }

    private static String yamlString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
