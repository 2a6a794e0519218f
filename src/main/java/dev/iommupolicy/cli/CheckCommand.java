package dev.iommupolicy.cli;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RuleSource;
import dev.iommupolicy.input.InputException;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.report.JsonReport;
import dev.iommupolicy.report.TableReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code check TOPOLOGY}: the IOMMU groups of one topology, and why. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Derives the IOMMU groups of a topology and prints them.")
final class CheckCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TOPOLOGY", description = "Topology file (YAML, format iommu-policy/v1).")
    private Path topologyFile;

    @Option(names = "--format", defaultValue = "table", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Directory of extra .drl rules compiled together with the shipped kernel pack (repeatable).")
    private List<Path> ruleDirs = new ArrayList<>();

    @Override
    public Integer call() {
        List<RuleSource> sources = new ArrayList<>(RuleSource.shippedPacks());
        for (Path dir : ruleDirs) {
            if (!Files.isDirectory(dir)) {
                throw new InputException("--rules " + dir + ": not a directory");
            }
            sources.addAll(RuleSource.directory(dir, dir.toString()));
        }
        var topology = new TopologyReader().read(topologyFile);
        Evaluation evaluation = PolicyEngine.compile(sources).evaluate(topology);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            new JsonReport().write(evaluation, out);
        } else {
            new TableReport().write(evaluation, out);
        }
        return ExitCode.OK.code();
    }
}
