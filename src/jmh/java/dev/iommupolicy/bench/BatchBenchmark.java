package dev.iommupolicy.bench;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RulePack;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.Topology;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fixtures per second: 1,000 generated 50-device topologies, one shared engine, two threads (this
 * machine's cores). {@code readAndEvaluate} is what {@code test} does per fixture before comparing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(1)
@Threads(2)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class BatchBenchmark {

    private static final int TOPOLOGIES = 1000;

    private PolicyEngine engine;
    private List<byte[]> yaml;
    private List<Topology> topologies;

    @Setup
    public void setUp() {
        engine = PolicyEngine.compile(RulePack.shipped());
        yaml = IntStream.range(0, TOPOLOGIES)
                .mapToObj(i -> GenerateTopologies.yaml(i, "server-" + i, 50).getBytes(StandardCharsets.UTF_8)).toList();
        topologies = IntStream.range(0, TOPOLOGIES).mapToObj(this::read).toList();
    }

    /** Each thread walks the topologies in turn. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int advance() {
            next = (next + 1) % TOPOLOGIES;
            return next;
        }
    }

    @Benchmark
    public Evaluation readAndEvaluate(Cursor cursor) {
        return engine.evaluate(read(cursor.advance()));
    }

    @Benchmark
    public Evaluation evaluate(Cursor cursor) {
        return engine.evaluate(topologies.get(cursor.advance()));
    }

    @Benchmark
    public Topology read(Cursor cursor) {
        return read(cursor.advance());
    }

    private Topology read(int i) {
        return new TopologyReader().read(new ByteArrayInputStream(yaml.get(i)), "server-" + i);
    }
}
