package dev.iommupolicy.cli;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.input.InputException;
import dev.iommupolicy.report.JunitReport;
import dev.iommupolicy.report.SuiteJsonReport;
import dev.iommupolicy.report.SuiteTextReport;
import dev.iommupolicy.report.TapReport;
import dev.iommupolicy.verify.Coverage;
import dev.iommupolicy.verify.ExpectationWriter;
import dev.iommupolicy.verify.FixtureResult;
import dev.iommupolicy.verify.FixtureResult.Status;
import dev.iommupolicy.verify.FixtureSuite;
import dev.iommupolicy.verify.SuiteOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code test PATH...}: every fixture under the paths against its expectations. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Evaluates every topology file with an expect: block under the paths and compares groups, claim and"
                + " bind verdicts, plans and expected rule firings with the expectations.",
            "Exit 0 all passed; 2 a fixture, rule pack or option is invalid; 4 a fixture failed, none was found, or"
                + " coverage is below --coverage-min."})
final class TestCommand implements Callable<Integer> {

    enum ReportFormat { junit, json, tap }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Fixture files or directories (searched for *.yaml, *.yml).")
    private List<Path> paths;

    @Mixin
    private RuleOptions rules;

    @Option(names = "--report", paramLabel = "FORMAT=FILE",
            description = "Also write a report: junit, json or tap (repeatable, e.g. --report junit=results.xml).")
    private Map<ReportFormat, Path> reports = new LinkedHashMap<>();

    @Option(names = "--coverage", description = "Print which rules fired across the run, per rule package.")
    private boolean coverage;

    @Option(names = "--coverage-min", paramLabel = "PCT", description = "Fail (exit 4) when less than PCT% of the loaded rules fired.")
    private Double coverageMin;

    @Option(names = "--jobs", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    private int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    private boolean quiet;

    @Option(names = "--update", description = "Write the current results as the expect: block of fixtures that have none.")
    private boolean update;

    @Option(names = "--force", description = "With --update: also replace existing expect: blocks.")
    private boolean force;

    @Override
    public Integer call() {
        if (jobs < 1) {
            throw new InputException("--jobs " + jobs + ": must be at least 1");
        }
        List<Path> files = FixtureSuite.discover(paths);
        PolicyEngine engine = rules.engine(spec.commandLine().getErr());
        long start = System.nanoTime();
        List<FixtureResult> results;
        FixtureSuite suite = update ? new FixtureSuite(engine).retainingEvaluations() : new FixtureSuite(engine);
        try (ProgressBar bar = progressBar(files.size())) {
            results = suite.run(files, jobs, bar == null ? () -> { } : bar::step);
        }
        SuiteOutcome outcome = new SuiteOutcome(results,
                Coverage.of(engine.ruleNames(), results.stream().map(FixtureResult::firedRules).toList()),
                System.nanoTime() - start, jobs);
        PrintWriter out = spec.commandLine().getOut();
        List<Path> updated = update ? update(results) : List.of();
        writeReports(outcome, engine);
        new SuiteTextReport().write(outcome, engine.ruleSet(), coverage || coverageMin != null, out);
        return exitCode(outcome, updated, out);
    }

    private int exitCode(SuiteOutcome outcome, List<Path> updated, PrintWriter out) {
        PrintWriter err = spec.commandLine().getErr();
        updated.forEach(p -> out.println("updated " + p));
        if (outcome.count(Status.ERROR) > 0) {
            return ExitCode.INPUT_ERROR.code();
        }
        if (outcome.verified() == 0 && updated.isEmpty()) {
            err.println("error: no fixture with an expect: block under " + paths);
            err.flush();
            return ExitCode.TESTS_FAILED.code();
        }
        if (coverageMin != null && outcome.coverage().percent() < coverageMin) {
            err.printf("error: rule coverage %.1f%% is below --coverage-min %.1f%%%n", outcome.coverage().percent(), coverageMin);
            err.flush();
            return ExitCode.TESTS_FAILED.code();
        }
        return outcome.count(Status.FAILED) > 0 ? ExitCode.TESTS_FAILED.code() : ExitCode.OK.code();
    }

    private ProgressBar progressBar(int max) {
        if (quiet || System.console() == null) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("fixtures").setInitialMax(max)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    private List<Path> update(List<FixtureResult> results) {
        List<Path> updated = new ArrayList<>();
        ExpectationWriter writer = new ExpectationWriter();
        for (FixtureResult r : results) {
            if (r.evaluation() == null) {
                continue;
            }
            try {
                String text = Files.readString(r.file(), StandardCharsets.UTF_8);
                if (!ExpectationWriter.hasExpectations(text) || force) {
                    Files.writeString(r.file(), writer.withExpectations(text, r.evaluation()), StandardCharsets.UTF_8);
                    updated.add(r.file());
                }
            } catch (IOException e) {
                throw new InputException(r.file() + ": cannot update: " + e.getMessage());
            }
        }
        return updated;
    }

    private void writeReports(SuiteOutcome outcome, PolicyEngine engine) {
        for (Map.Entry<ReportFormat, Path> report : reports.entrySet()) {
            try (OutputStream stream = Files.newOutputStream(report.getValue())) {
                switch (report.getKey()) {
                    case junit -> new JunitReport().write(outcome, stream);
                    case json -> new SuiteJsonReport().write(outcome, engine.ruleSet(), stream);
                    case tap -> new TapReport().write(outcome, new PrintWriter(stream, false, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new InputException("--report " + report.getKey() + "=" + report.getValue() + ": cannot write: " + e.getMessage());
            }
        }
    }
}
