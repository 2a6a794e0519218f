package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.verify.Check;
import dev.iommupolicy.verify.ExpectationVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped fixture meets its expectations: groups, claim and bind verdicts. */
class FixtureTest {

    static final Path FIXTURES = Path.of("fixtures");

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void meetsItsExpectations(Path fixture) {
        Topology topology = new TopologyReader().read(fixture);
        assertThat(topology.expectations().groups()).as("fixture declares expect.groups").isNotNull();

        PolicyEngine engine = Engines.withPacks(topology.requiredPacks());
        Evaluation evaluation = engine.evaluate(topology, ExpectationVerifier.questionsFor(topology));

        var verifier = new ExpectationVerifier(engine.ruleNames().values().stream().flatMap(List::stream)
                .collect(Collectors.toSet()));
        assertThat(verifier.verify(evaluation)).as(describe(evaluation)).allMatch(Check::passed);
    }

    @Test
    void thereAreFixturesForEveryKernelOracleCase() throws IOException {
        assertThat(fixtures()).filteredOn(p -> p.startsWith(FIXTURES.resolve("kernel-oracle"))).hasSize(13);
        assertThat(fixtures()).filteredOn(p -> p.startsWith(FIXTURES.resolve("scenarios"))).hasSizeGreaterThan(40);
    }

    private static String describe(Evaluation evaluation) {
        return evaluation.decisions().values().stream().map(Object::toString).collect(Collectors.joining("\n"));
    }
}
