package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.input.TopologyReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules are code: every rule of the kernel pack must fire in at least one shipped fixture and stay
 * silent in at least one other, so each has a case that exercises it and a near miss.
 */
class RuleCoverageTest {

    private static final List<Set<String>> FIRED = new ArrayList<>();

    @BeforeAll
    static void evaluateAllFixtures() throws IOException {
        for (Path fixture : FixtureTest.fixtures()) {
            FIRED.add(Engines.shipped().evaluate(new TopologyReader().read(fixture)).firedRules());
        }
    }

    @Test
    void everyKernelRuleFiresInSomeFixtureAndNotInAnother() {
        List<String> rules = Engines.shipped().ruleNames().get(PolicyEngine.KERNEL_PACKAGE);
        List<String> neverFired = rules.stream().filter(r -> FIRED.stream().noneMatch(f -> f.contains(r))).toList();
        List<String> alwaysFired = rules.stream().filter(r -> FIRED.stream().allMatch(f -> f.contains(r))).toList();

        assertThat(neverFired).as("rules no fixture makes fire").isEmpty();
        assertThat(alwaysFired).as("rules that fire in every fixture (no near miss)").isEmpty();
    }
}
