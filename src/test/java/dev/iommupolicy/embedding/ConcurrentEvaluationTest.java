package dev.iommupolicy.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.api.IommuPolicy;
import dev.iommupolicy.api.Report;
import dev.iommupolicy.bench.GenerateTopologies;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Topology;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One engine shared by 8 threads gives exactly the single-threaded results for 10,000 topologies. */
class ConcurrentEvaluationTest {

    private static final int TOPOLOGIES = 10_000;
    private static final int DEVICES = 20;

    @Test
    void eightThreadsSharingOneEngineAgreeWithOneThread() throws Exception {
        IommuPolicy policy = IommuPolicy.builder().build();
        List<Topology> topologies = IntStream.range(0, TOPOLOGIES).mapToObj(i -> new TopologyReader().read(
                new ByteArrayInputStream(GenerateTopologies.yaml(i, "t" + i, DEVICES).getBytes(StandardCharsets.UTF_8)), "t" + i))
                .toList();

        List<String> single = topologies.stream().map(t -> canonical(policy.evaluate(t))).toList();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            topologies.forEach(t -> futures.add(pool.submit(() -> canonical(policy.evaluate(t)))));
            List<String> parallel = new ArrayList<>();
            for (Future<String> f : futures) {
                parallel.add(f.get());
            }
            assertThat(parallel).isEqualTo(single);
        } finally {
            pool.shutdownNow();
        }
        assertThat(single.stream().distinct().count()).as("the generator varies the machines").isGreaterThan(TOPOLOGIES / 10);
    }

    /** Groups in order, each with its claim verdict and blockers: what must not depend on threads. */
    private static String canonical(Report report) {
        return report.groups().stream().map(g -> g.bdfs() + " " + g.claim().verdict() + " " + g.blockerDevices())
                .collect(Collectors.joining("; "));
    }
}
