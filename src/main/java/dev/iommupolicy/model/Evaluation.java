package dev.iommupolicy.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the rules concluded for one topology.
 *
 * @param topology the input
 * @param ownershipModel the ownership model the rules applied, or null when no loaded pack covers the kernel
 * @param groups IOMMU groups in allocation order, with their claim verdicts
 * @param ungrouped functions no IOMMU manages, with the reason
 * @param decisions per device, why it founded or joined its group
 * @param binds answers to the bind requests, in request order
 * @param plan the assignment plan, or null when none was asked for
 * @param violations site policies the topology breaks, most severe first, then in device order
 * @param firedRules names of the rules that fired, for coverage and for vacuous-pass checks
 */
public record Evaluation(Topology topology, OwnershipModel ownershipModel, List<IommuGroup> groups,
                         Map<String, String> ungrouped, Map<String, GroupDecision> decisions,
                         List<BindVerdict> binds, AssignmentPlan plan, List<Violation> violations, Set<String> firedRules) {

    public Evaluation {
        groups = List.copyOf(groups);
        ungrouped = Map.copyOf(ungrouped);
        decisions = Map.copyOf(decisions);
        binds = List.copyOf(binds);
        violations = List.copyOf(violations);
        firedRules = Set.copyOf(firedRules);
    }

    /** The partition as sets of BDFs, the form expectations use. */
    public Set<Set<String>> partition() {
        return groups.stream().map(g -> Set.copyOf(g.bdfs())).collect(Collectors.toSet());
    }

    /** The group that holds {@code bdf}, if the device has one. */
    public Optional<IommuGroup> groupOf(String bdf) {
        return groups.stream().filter(g -> g.contains(bdf)).findFirst();
    }
}
