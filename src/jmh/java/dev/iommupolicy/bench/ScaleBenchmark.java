package dev.iommupolicy.bench;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RulePack;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.Topology;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluation time against machine size, rules vs. the plain-Java yardstick, in a 1 GiB heap (the
 * target's limit: a run that needs more fails with OutOfMemoryError).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ScaleBenchmark {

    /** A generated machine of {@code devices} functions. */
    @State(Scope.Benchmark)
    public static class Machine {
        @Param({"100", "1000", "10000", "100000"})
        int devices;

        Topology topology;

        @Setup
        public void setUp() {
            byte[] yaml = GenerateTopologies.yaml(1, "scale-" + devices, devices).getBytes(StandardCharsets.UTF_8);
            topology = new TopologyReader().read(new ByteArrayInputStream(yaml), "scale-" + devices);
        }
    }

    /** The shipped rules, checked once against the yardstick so that both benchmarks compute the same groups. */
    @State(Scope.Benchmark)
    public static class Rules {
        PolicyEngine engine;

        @Setup
        public void setUp(Machine machine) {
            engine = PolicyEngine.compile(RulePack.shipped());
            List<List<String>> byRules = engine.evaluate(machine.topology).groups().stream().map(IommuGroup::bdfs).toList();
            List<List<String>> byJava = PlainJavaGrouping.groups(machine.topology).stream()
                    .map(g -> g.stream().sorted().toList()).toList();
            if (!byRules.equals(byJava)) {
                throw new IllegalStateException("the yardstick disagrees with the rules on " + machine.topology.name());
            }
        }
    }

    @Benchmark
    public Evaluation rules(Rules rules, Machine machine) {
        return rules.engine.evaluate(machine.topology);
    }

    @Benchmark
    public List<List<String>> plainJava(Machine machine) {
        return PlainJavaGrouping.groups(machine.topology);
    }
}
