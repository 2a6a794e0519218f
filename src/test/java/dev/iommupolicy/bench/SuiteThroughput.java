package dev.iommupolicy.bench;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RulePack;
import dev.iommupolicy.verify.FixtureSuite;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a fixture directory through {@link FixtureSuite} several times in one JVM and prints fixtures per
 * second for each round, so warm-up and steady state can be told apart.
 *
 * <pre>java -cp target/iommu-policy.jar:target/test-classes dev.iommupolicy.bench.SuiteThroughput DIR JOBS ROUNDS</pre>
 */
public final class SuiteThroughput {

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SuiteThroughput DIR JOBS ROUNDS");
            System.exit(2);
        }
        List<Path> files = FixtureSuite.discover(List.of(Path.of(args[0])));
        FixtureSuite suite = new FixtureSuite(PolicyEngine.compile(RulePack.shipped()));
        int jobs = Integer.parseInt(args[1]);
        for (int round = 1; round <= Integer.parseInt(args[2]); round++) {
            long start = System.nanoTime();
            int n = suite.run(files, jobs, () -> { }).size();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d fixtures in %.2f s, %.0f fixtures/s%n", round, n, seconds, n / seconds);
        }
    }
}
