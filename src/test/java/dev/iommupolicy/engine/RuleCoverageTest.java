package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.verify.ExpectationVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules are code: every rule of the shipped packs and of the packs under {@code rules/} must fire in at least one shipped fixture and stay
 * silent in at least one other, so each has a case that exercises it and a near miss. Rules marked
 * {@code @table} hold data and fire everywhere by design.
 */
class RuleCoverageTest {

    private static final List<Set<String>> FIRED = new ArrayList<>();

    @BeforeAll
    static void evaluateAllFixtures() throws IOException {
        for (Path fixture : FixtureTest.fixtures()) {
            Topology topology = new TopologyReader().read(fixture);
            FIRED.add(Engines.withPacks(topology.requiredPacks()).evaluate(topology, ExpectationVerifier.questionsFor(topology))
                    .firedRules());
        }
    }

    @Test
    void everyShippedRuleFiresInSomeFixtureAndNotInAnother() {
        PolicyEngine everything = Engines.everything();
        List<String> rules = everything.ruleNames().values().stream().flatMap(List::stream).toList();
        List<String> neverFired = rules.stream().filter(r -> FIRED.stream().noneMatch(f -> f.contains(r))).toList();
        List<String> alwaysFired = rules.stream().filter(r -> !everything.isTable(r))
                .filter(r -> FIRED.stream().allMatch(f -> f.contains(r))).toList();

        assertThat(rules).hasSizeGreaterThan(80);
        assertThat(neverFired).as("rules no fixture makes fire").isEmpty();
        assertThat(alwaysFired).as("rules that fire in every fixture (no near miss)").isEmpty();
    }
}
