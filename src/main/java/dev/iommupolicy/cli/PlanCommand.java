package dev.iommupolicy.cli;

import dev.iommupolicy.engine.AssignmentPlanner;
import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.report.PlanReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan TOPOLOGY --assign BDF}: what must change for user space to open those devices. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Plans handing devices to user space (a VM, DPDK): which drivers must change in their IOMMU groups,"
                + " in probe order, with the shell commands. Nothing is executed.",
            "Exit 3 when the plan refuses: a host-critical device in the group, a blocker no driver change clears,"
                + " or a bind that would fail."})
final class PlanCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    private CommandSpec spec;

    @Option(names = "--assign", paramLabel = "BDF", required = true,
            description = "A device user space should open (repeatable).")
    private List<String> assign;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Mixin
    private RuleOptions rules;

    @Mixin
    private TopologyOptions options;

    @Override
    public Integer call() {
        Topology topology = options.topology();
        List<String> devices = assign.stream()
                .map(text -> TopologyOptions.parse(() -> Bdf.parse(text), "--assign").toString()).distinct().toList();
        PolicyEngine engine = rules.engine(spec.commandLine().getErr());
        AssignmentPlanner.Outcome outcome = new AssignmentPlanner(engine).plan(topology, devices);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            new PlanReport().writeJson(outcome, engine.ruleSet(), out);
        } else {
            new PlanReport().writeText(outcome, engine.ruleSet(), out);
        }
        return outcome.succeeds() ? ExitCode.OK.code() : ExitCode.REFUSED.code();
    }
}
