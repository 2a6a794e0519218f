package dev.iommupolicy.model;

import java.util.List;

/**
 * What must change for user space to open the requested devices.
 *
 * @param assign the requested devices
 * @param steps driver changes, in the kernel's probe order
 * @param refusals why the plan must not or cannot be carried out; empty when it can
 */
public record AssignmentPlan(List<String> assign, List<PlanStep> steps, List<PlanRefusal> refusals) {

    public AssignmentPlan {
        assign = List.copyOf(assign);
        steps = List.copyOf(steps);
        refusals = List.copyOf(refusals);
    }

    public boolean isRefused() {
        return !refusals.isEmpty();
    }
}
