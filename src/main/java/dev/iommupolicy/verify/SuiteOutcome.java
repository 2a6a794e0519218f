package dev.iommupolicy.verify;

import dev.iommupolicy.verify.FixtureResult.Status;
import java.util.List;

/**
 * A whole run of {@code test}.
 *
 * @param results per fixture, in file order
 * @param coverage which rules fired across the run
 * @param nanos wall time of the run, rule compilation excluded
 * @param jobs worker threads used
 */
public record SuiteOutcome(List<FixtureResult> results, Coverage coverage, long nanos, int jobs) {

    public SuiteOutcome {
        results = List.copyOf(results);
    }

    public long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /** Fixtures evaluated against expectations, passed or failed. */
    public long verified() {
        return count(Status.PASSED) + count(Status.FAILED);
    }

    /** {@code N passed, M failed, E errors, S skipped}: the last line of the text output. */
    public String summary() {
        return String.format("%d passed, %d failed, %d errors, %d skipped", count(Status.PASSED), count(Status.FAILED),
                count(Status.ERROR), count(Status.SKIPPED));
    }

    /** Fixtures per second over the wall time of the run. */
    public double throughput() {
        return nanos == 0 ? 0 : results.size() / (nanos / 1e9);
    }
}
