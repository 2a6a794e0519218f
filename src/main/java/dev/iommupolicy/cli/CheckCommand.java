package dev.iommupolicy.cli;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.input.InputException;
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.BindRequest;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.Questions;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.report.JsonReport;
import dev.iommupolicy.report.TableReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code check TOPOLOGY}: the IOMMU groups of one topology, whether user space can claim each, and why. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Derives the IOMMU groups of a topology and whether user space (VFIO) can claim each now.")
final class CheckCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec
    private CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--bind", paramLabel = "BDF=DRIVER",
            description = "Also judge binding DRIVER to the device now, e.g. 0000:01:00.1=snd_hda_intel (repeatable).")
    private List<String> binds = new ArrayList<>();

    @Mixin
    private RuleOptions rules;

    @Mixin
    private TopologyOptions options;

    @Override
    public Integer call() {
        Topology topology = options.topology();
        PolicyEngine engine = rules.engine(spec.commandLine().getErr());
        Evaluation evaluation = engine.evaluate(topology, new Questions(bindRequests(topology), List.of()));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            new JsonReport().write(evaluation, engine.ruleSet(), out);
        } else {
            new TableReport().write(evaluation, engine.ruleSet(), out);
        }
        return ExitCode.OK.code();
    }

    private List<BindRequest> bindRequests(Topology topology) {
        List<BindRequest> requests = new ArrayList<>();
        for (String text : binds) {
            int eq = text.indexOf('=');
            if (eq < 1 || eq == text.length() - 1) {
                throw new InputException("--bind '" + text + "': expected BDF=DRIVER, e.g. 0000:01:00.1=snd_hda_intel");
            }
            String bdf = TopologyOptions.parse(() -> Bdf.parse(text.substring(0, eq)), "--bind").toString();
            if (topology.device(bdf).isEmpty()) {
                throw new InputException("--bind " + bdf + ": no such device in " + topology.name());
            }
            requests.add(new BindRequest(bdf, text.substring(eq + 1)));
        }
        return requests;
    }
}
