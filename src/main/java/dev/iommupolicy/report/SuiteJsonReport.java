package dev.iommupolicy.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iommupolicy.engine.RuleSet;
import dev.iommupolicy.verify.Coverage;
import dev.iommupolicy.verify.FixtureResult.Status;
import dev.iommupolicy.verify.SuiteOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The machine-readable report of {@code test} ({@code kind: TestReport}). */
public final class SuiteJsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Document(String apiVersion, String kind, Summary summary, List<Fixture> fixtures, Map<String, PackageCoverage> coverage,
                    RuleSetReport.Json ruleSet) {
    }

    record Summary(long passed, long failed, long errors, long skipped, double seconds, int jobs) {
    }

    record Fixture(String file, String status, List<String> problems, List<CheckResult> checks) {
    }

    record CheckResult(String name, boolean passed, String failure) {
    }

    record PackageCoverage(int rules, int fired, double percent, List<String> neverFired) {
    }

    public void write(SuiteOutcome outcome, RuleSet ruleSet, OutputStream stream) {
        Summary summary = new Summary(outcome.count(Status.PASSED), outcome.count(Status.FAILED), outcome.count(Status.ERROR),
                outcome.count(Status.SKIPPED), outcome.nanos() / 1e9, outcome.jobs());
        List<Fixture> fixtures = outcome.results().stream().map(r -> new Fixture(r.file().toString(),
                r.status().name().toLowerCase(), r.problems(),
                r.checks().stream().map(c -> new CheckResult(c.name(), c.passed(), c.failure())).toList())).toList();
        Map<String, PackageCoverage> coverage = new TreeMap<>();
        outcome.coverage().packages().forEach((pkg, p) -> coverage.put(pkg, coverage(p)));
        try {
            MAPPER.writeValue(stream, new Document(JsonReport.API_VERSION, "TestReport", summary, fixtures, coverage,
                    RuleSetReport.json(ruleSet)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PackageCoverage coverage(Coverage.PackageCoverage p) {
        return new PackageCoverage(p.rules().size(), p.rules().size() - p.neverFired().size(), p.percent(), p.neverFired());
    }
}
