package dev.iommupolicy.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iommupolicy.engine.AssignmentPlanner;
import dev.iommupolicy.engine.RuleSet;
import dev.iommupolicy.model.AssignmentPlan;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.PlanStep;
import dev.iommupolicy.model.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The output of {@code plan}: the steps, why, and the shell commands that carry them out (never run). */
public final class PlanReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Document(String apiVersion, String kind, String topology, String kernel, List<String> assign, boolean refused,
                    List<Refusal> refusals, List<Step> steps, List<String> commands, List<GroupAfter> groupsAfter,
                    RuleSetReport.Json ruleSet) {
    }

    record Refusal(String bdf, String reason) {
    }

    record Step(String bdf, String from, String to, String reason) {
    }

    record GroupAfter(List<String> devices, String claim) {
    }

    public void writeText(AssignmentPlanner.Outcome outcome, RuleSet ruleSet, PrintWriter out) {
        AssignmentPlan plan = outcome.plan();
        Topology topology = outcome.before().topology();
        out.printf("plan to assign %s (topology %s, kernel %s, ownership model %s)%n", String.join(", ", plan.assign()),
                topology.name(), topology.effectiveKernel(), outcome.before().ownershipModel());
        if (plan.isRefused()) {
            out.printf("%nREFUSED: nothing to run.%n");
            plan.refusals().forEach(r -> out.printf("  %s: %s%n", r.device(), r.reason()));
            RuleSetReport.text(ruleSet, out);
            out.flush();
            return;
        }
        if (plan.steps().isEmpty()) {
            out.printf("%nnothing to change.%n");
        } else {
            out.printf("%nsteps, in probe order:%n");
            for (PlanStep step : plan.steps()) {
                out.printf("  %s  %s -> %s: %s%n", step.device(), driverOf(topology, step.device()), step.driver(), step.reason());
            }
            out.printf("%ncommands (as root; iommu-policy ran none of them):%n");
            commands(plan, topology).forEach(c -> out.printf("  %s%n", c));
        }
        out.printf("%nafterwards:%n");
        for (IommuGroup g : outcome.groupsAfter()) {
            out.printf("  group of %s: claim %s%s%n", String.join(" ", g.bdfs()),
                    g.claim() == null ? "undecided" : g.claim().verdict(), g.claim() == null ? "" : ": " + g.claim().reason());
        }
        RuleSetReport.text(ruleSet, out);
        out.flush();
    }

    public void writeJson(AssignmentPlanner.Outcome outcome, RuleSet ruleSet, PrintWriter out) {
        AssignmentPlan plan = outcome.plan();
        Topology topology = outcome.before().topology();
        List<Step> steps = plan.steps().stream()
                .map(s -> new Step(s.device(), topology.device(s.device()).orElseThrow().getDriver(), s.driver(), s.reason())).toList();
        List<GroupAfter> after = outcome.after() == null ? List.of() : outcome.groupsAfter().stream()
                .map(g -> new GroupAfter(g.bdfs(), g.claim() == null ? null : g.claim().verdict().label())).toList();
        Document doc = new Document(JsonReport.API_VERSION, "AssignmentPlan", topology.name(), topology.effectiveKernel().text(),
                plan.assign(), plan.isRefused(), plan.refusals().stream().map(r -> new Refusal(r.device(), r.reason())).toList(),
                steps, plan.isRefused() ? List.of() : commands(plan, topology), after, RuleSetReport.json(ruleSet));
        try {
            out.println(MAPPER.writeValueAsString(doc));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** driver_override pins the driver; unbind only what is bound; drivers_probe binds the override. */
    static List<String> commands(AssignmentPlan plan, Topology topology) {
        List<String> commands = new ArrayList<>();
        plan.steps().stream().map(PlanStep::driver).distinct().sorted().forEach(d -> commands.add("modprobe " + d));
        for (PlanStep step : plan.steps()) {
            String dev = "/sys/bus/pci/devices/" + step.device();
            commands.add("echo " + step.driver() + " > " + dev + "/driver_override");
            if (topology.device(step.device()).map(PciDevice::getDriver).orElse(null) != null) {
                commands.add("echo " + step.device() + " > " + dev + "/driver/unbind");
            }
            commands.add("echo " + step.device() + " > /sys/bus/pci/drivers_probe");
        }
        return commands;
    }

    private static String driverOf(Topology topology, String bdf) {
        String driver = topology.device(bdf).orElseThrow().getDriver();
        return driver == null ? "(unbound)" : driver;
    }
}
