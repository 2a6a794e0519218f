package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped fixture's groups equal its {@code expect.groups}. */
class FixtureTest {

    static final Path FIXTURES = Path.of("fixtures");

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void groupsEqualTheExpectation(Path fixture) {
        Topology topology = new TopologyReader().read(fixture);
        assertThat(topology.expectations().isEmpty()).as("fixture declares expect.groups").isFalse();

        Evaluation evaluation = Engines.shipped().evaluate(topology);

        Set<Set<String>> expected = Set.copyOf(topology.expectations().groups());
        assertThat(evaluation.partition()).as(describe(evaluation)).isEqualTo(expected);
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
