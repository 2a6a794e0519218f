package dev.iommupolicy.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RulePack;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.verify.ExpectationVerifier;
import dev.iommupolicy.verify.ExpectationWriter;
import dev.iommupolicy.verify.FixtureResult;
import dev.iommupolicy.verify.FixtureSuite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fixtures per second on two threads (this machine's cores), one shared engine: 1,000 generated 50-device
 * topologies, each written to disk with the {@code expect:} block {@code test --update} gives it.
 * {@code fixture} is what {@code test} does per file (read, parse, evaluate, verify); the others split it
 * up, and {@code yamlTokens} is the floor the YAML parser alone sets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(1)
@Threads(2)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class BatchBenchmark {

    private static final int FIXTURES = 1000;
    private static final YAMLFactory YAML = new YAMLFactory();

    private PolicyEngine engine;
    private FixtureSuite suite;
    private Path directory;
    private final List<Path> files = new ArrayList<>();
    private final List<byte[]> yaml = new ArrayList<>();
    private final List<Topology> topologies = new ArrayList<>();

    @Setup
    public void setUp() throws IOException {
        engine = PolicyEngine.compile(RulePack.shipped());
        suite = new FixtureSuite(engine);
        directory = Files.createTempDirectory("batch-benchmark");
        ExpectationWriter writer = new ExpectationWriter();
        for (int i = 0; i < FIXTURES; i++) {
            String text = GenerateTopologies.yaml(i, "server-" + i, 50);
            String fixture = writer.withExpectations(text, engine.evaluate(read(text.getBytes(StandardCharsets.UTF_8))));
            Path file = Files.writeString(directory.resolve("server-" + i + ".yaml"), fixture);
            files.add(file);
            yaml.add(fixture.getBytes(StandardCharsets.UTF_8));
            topologies.add(read(yaml.get(i)));
        }
        FixtureResult first = suite.run(files.get(0));
        if (first.status() != FixtureResult.Status.PASSED) {
            throw new IllegalStateException("a captured fixture does not pass: " + first);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        for (Path file : files) {
            Files.delete(file);
        }
        Files.delete(directory);
    }

    /** Each thread walks the fixtures in turn. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int advance() {
            next = (next + 1) % FIXTURES;
            return next;
        }
    }

    @Benchmark
    public FixtureResult fixture(Cursor cursor) {
        return suite.run(files.get(cursor.advance()));
    }

    @Benchmark
    public Topology read(Cursor cursor) {
        return read(yaml.get(cursor.advance()));
    }

    @Benchmark
    public Evaluation evaluate(Cursor cursor) {
        Topology topology = topologies.get(cursor.advance());
        return engine.evaluate(topology, ExpectationVerifier.questionsFor(topology));
    }

    /** Jackson's YAML token stream over the fixture and nothing else: what no reader on this stack can beat. */
    @Benchmark
    public int yamlTokens(Cursor cursor) throws IOException {
        int tokens = 0;
        try (JsonParser parser = YAML.createParser(yaml.get(cursor.advance()))) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    private static Topology read(byte[] fixture) {
        return new TopologyReader().read(new ByteArrayInputStream(fixture), "fixture");
    }
}
