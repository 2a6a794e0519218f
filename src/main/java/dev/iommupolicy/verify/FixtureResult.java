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
 * @param firedRules the rules that fired, for coverage; empty unless evaluated
 * @param evaluation the rules' results, for {@code --update}; null unless evaluated by a suite that
 *     {@linkplain FixtureSuite#retainingEvaluations() retains them}
 * @param nanos time to read, evaluate and verify it
 */
public record FixtureResult(Path file, Status status, List<Check> checks, List<String> problems, Set<String> firedRules,
                            Evaluation evaluation, long nanos) {

    public enum Status { PASSED, FAILED, ERROR, SKIPPED }

    public FixtureResult {
        checks = List.copyOf(checks);
        problems = List.copyOf(problems);
        firedRules = Set.copyOf(firedRules);
    }

    /** A fixture that was not evaluated: an error or a skip, with why. */
    static FixtureResult notEvaluated(Path file, Status status, List<String> problems, long nanos) {
        return new FixtureResult(file, status, List.of(), problems, Set.of(), null, nanos);
    }

    public List<Check> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
