package dev.iommupolicy.bench;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RulePack;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Topology;
import java.nio.file.Path;

/**
 * Splits the cost of one fixture into reading and evaluating: repeats each on one topology, one thread,
 * and prints the mean per repetition for each round.
 *
 * <pre>java -cp target/iommu-policy.jar:target/test-classes dev.iommupolicy.bench.PhaseTimes FILE REPEATS ROUNDS</pre>
 */
public final class PhaseTimes {

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: PhaseTimes FILE REPEATS ROUNDS");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int repeats = Integer.parseInt(args[1]);
        PolicyEngine engine = PolicyEngine.compile(RulePack.shipped());
        Topology topology = new TopologyReader().read(file);
        for (int round = 1; round <= Integer.parseInt(args[2]); round++) {
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                new TopologyReader().read(file);
            }
            long read = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                engine.evaluate(topology);
            }
            long evaluated = System.nanoTime();
            System.out.printf("round %d: read %.3f ms, evaluate %.3f ms%n", round,
                    (read - start) / 1e6 / repeats, (evaluated - read) / 1e6 / repeats);
        }
    }
}
