package dev.iommupolicy.verify;

import dev.iommupolicy.model.Evaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The outcome of one fixture file.
 *
 * @param file the fixture
 * @param status the overall outcome
 * @param checks one per expectation (empty unless the fixture was evaluated)
 * @param problems why the fixture could not be evaluated (ERROR), or why it was skipped (SKIPPED)
 * @param evaluation the rules' results, for {@code --update}; null unless evaluated
 * @param nanos time to read, evaluate and verify it
 */
public record FixtureResult(Path file, Status status, List<Check> checks, List<String> problems, Evaluation evaluation,
                            long nanos) {

    public enum Status { PASSED, FAILED, ERROR, SKIPPED }

    public FixtureResult {
        checks = List.copyOf(checks);
        problems = List.copyOf(problems);
    }

    public Set<String> firedRules() {
        return evaluation == null ? Set.of() : evaluation.firedRules();
    }

    public List<Check> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
