package dev.iommupolicy.verify;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RuleResultException;
import dev.iommupolicy.input.InputException;
import dev.iommupolicy.input.SysfsReader;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.verify.FixtureResult.Status;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs fixture topologies against one compiled rule base: one session per fixture, on a fixed pool of
 * worker threads. Results come back in file order whatever the number of jobs.
 */
public final class FixtureSuite {

    /** A top-level {@code kind:} line; files of another kind (rule pack manifests, CI files) are not fixtures. */
    private static final Pattern KIND = Pattern.compile("^kind:\\s*[\"']?([\\w-]+)[\"']?\\s*(#.*)?$", Pattern.MULTILINE);

    private final PolicyEngine engine;
    private final ExpectationVerifier verifier;
    private final boolean retainEvaluations;

    public FixtureSuite(PolicyEngine engine) {
        this(engine, new ExpectationVerifier(engine.ruleNames().values().stream().flatMap(List::stream)
                .collect(Collectors.toSet())), false);
    }

    private FixtureSuite(PolicyEngine engine, ExpectationVerifier verifier, boolean retainEvaluations) {
        this.engine = engine;
        this.verifier = verifier;
        this.retainEvaluations = retainEvaluations;
    }

    /**
     * This suite, keeping each fixture's {@link Evaluation} in its result (for {@code --update}). Without
     * it, results keep only the checks and fired rules, so a large suite does not hold every topology.
     */
    public FixtureSuite retainingEvaluations() {
        return new FixtureSuite(engine, verifier, true);
    }

    /**
     * Every {@code .yaml}/{@code .yml} file under {@code paths} (a file is taken as is), and every
     * file-system root (a directory with {@code sys/bus/pci/devices}, e.g. {@code /}): a machine whose
     * expectation is the groups its kernel made. Sorted, without duplicates.
     *
     * @throws InputException naming a path that does not exist
     */
    public static List<Path> discover(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path) || isMachine(path)) {
                files.add(path.normalize());
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(p -> isMachine(p) || Files.isRegularFile(p) && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                                    && !insideMachine(p, path))
                            .map(Path::normalize).forEach(files::add);
                } catch (IOException e) {
                    throw new InputException(path + ": cannot list: " + e.getMessage());
                }
            } else {
                throw new InputException(path + ": no such file or directory");
            }
        }
        return files.stream().distinct().sorted().toList();
    }

    private static boolean isMachine(Path dir) {
        return Files.isDirectory(dir.resolve("sys/bus/pci/devices"));
    }

    private static boolean insideMachine(Path file, Path top) {
        for (Path p = file.getParent(); p != null && p.startsWith(top); p = p.getParent()) {
            if (isMachine(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code files} on {@code jobs} threads; {@code progress} is called once per finished fixture,
     * from worker threads.
     */
    public List<FixtureResult> run(List<Path> files, int jobs, Runnable progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "fixture-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FixtureResult>> futures = new ArrayList<>();
            for (Path file : files) {
                futures.add(pool.submit(() -> {
                    FixtureResult result = run(file);
                    progress.run();
                    return result;
                }));
            }
            List<FixtureResult> results = new ArrayList<>();
            for (Future<FixtureResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running fixtures", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads, evaluates and verifies one fixture. */
    public FixtureResult run(Path file) {
        long start = System.nanoTime();
        if (isMachine(file)) {
            try {
                return evaluate(file, new SysfsReader(file).read(), start);
            } catch (InputException e) {
                return FixtureResult.notEvaluated(file, Status.ERROR, e.problems(), System.nanoTime() - start);
            }
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return FixtureResult.notEvaluated(file, Status.ERROR, List.of(file + ": cannot read: " + e.getMessage()), 0);
        }
        Matcher kind = KIND.matcher(text);
        if (kind.find() && !kind.group(1).equals("Topology")) {
            return skipped(file, "kind " + kind.group(1) + ", not a topology", start);
        }
        Topology topology;
        try {
            topology = new TopologyReader().read(new StringReader(text), file.toString());
        } catch (InputException e) {
            return FixtureResult.notEvaluated(file, Status.ERROR, e.problems(), System.nanoTime() - start);
        }
        return evaluate(file, topology, start);
    }

    private FixtureResult evaluate(Path file, Topology topology, long start) {
        List<String> missing = engine.missingPacks(topology);
        if (!missing.isEmpty()) {
            return skipped(file, "needs rule pack(s) " + String.join(", ", missing) + ", not loaded", start);
        }
        Evaluation evaluation;
        try {
            evaluation = engine.evaluate(topology, ExpectationVerifier.questionsFor(topology));
        } catch (InputException e) {
            return FixtureResult.notEvaluated(file, Status.ERROR, e.problems(), System.nanoTime() - start);
        } catch (RuleResultException e) {
            return FixtureResult.notEvaluated(file, Status.ERROR, List.of(file + ": rules broke an invariant: " + e.getMessage()),
                    System.nanoTime() - start);
        }
        if (topology.expectations().isEmpty()) {
            return new FixtureResult(file, Status.SKIPPED, List.of(), List.of("no expect block"), evaluation.firedRules(),
                    retained(evaluation), System.nanoTime() - start);
        }
        List<Check> checks = verifier.verify(evaluation);
        Status status = checks.stream().allMatch(Check::passed) ? Status.PASSED : Status.FAILED;
        return new FixtureResult(file, status, checks, List.of(), evaluation.firedRules(), retained(evaluation),
                System.nanoTime() - start);
    }

    private Evaluation retained(Evaluation evaluation) {
        return retainEvaluations ? evaluation : null;
    }

    private static FixtureResult skipped(Path file, String why, long start) {
        return FixtureResult.notEvaluated(file, Status.SKIPPED, List.of(why), System.nanoTime() - start);
    }
}
