package dev.iommupolicy.bench;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RulePack;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/** Reading, merging and compiling the shipped packs into a knowledge base: the once-per-engine cost. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(5)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class RuleBaseBenchmark {

    /** The first compilation in a fresh JVM, as a CLI run pays it (five forks, one shot each). */
    @Benchmark
    public PolicyEngine coldCompile() {
        return PolicyEngine.compile(RulePack.shipped());
    }
}
