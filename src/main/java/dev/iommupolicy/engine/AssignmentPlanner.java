package dev.iommupolicy.engine;

import dev.iommupolicy.model.AssignmentPlan;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.PlanStep;
import dev.iommupolicy.model.Questions;
import dev.iommupolicy.model.Topology;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plans handing devices to user space and checks the plan: the rules make it, then the topology with
 * the plan's driver changes applied is evaluated again, and every assigned device's group must be
 * claimable.
 */
public final class AssignmentPlanner {

    /**
     * @param before the evaluation that made the plan ({@link Evaluation#plan()})
     * @param after the evaluation of the topology with the plan's steps applied; null when the plan is refused
     */
    public record Outcome(Evaluation before, Evaluation after) {

        public AssignmentPlan plan() {
            return before.plan();
        }

        /** The groups of the assigned devices after the steps, each with its claim verdict. */
        public List<IommuGroup> groupsAfter() {
            return plan().assign().stream().map(bdf -> after.groupOf(bdf).orElseThrow()).distinct().toList();
        }

        /** True when the plan can be carried out and every assigned device's group is then claimable. */
        public boolean succeeds() {
            return after != null && groupsAfter().stream().allMatch(g -> g.claim() != null && g.claim().verdict().isAllowed());
        }
    }

    private final PolicyEngine engine;

    public AssignmentPlanner(PolicyEngine engine) {
        this.engine = engine;
    }

    public Outcome plan(Topology topology, List<String> assign) {
        Evaluation before = engine.evaluate(topology, new Questions(List.of(), assign));
        if (before.plan().isRefused()) {
            return new Outcome(before, null);
        }
        Map<String, PlanStep> steps = before.plan().steps().stream().collect(Collectors.toMap(PlanStep::device, Function.identity()));
        Topology changed = topology.withDevices(d -> steps.containsKey(d.getBdf()) ? d.withDriver(steps.get(d.getBdf()).driver()) : d);
        return new Outcome(before, engine.evaluate(changed));
    }
}
