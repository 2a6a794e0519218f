package dev.iommupolicy.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the rules concluded for one topology.
 *
 * @param topology the input
 * @param groups IOMMU groups in allocation order
 * @param ungrouped functions no IOMMU manages, with the reason
 * @param decisions per device, why it founded or joined its group
 * @param firedRules names of the rules that fired, for coverage and for vacuous-pass checks
 */
public record Evaluation(Topology topology, List<IommuGroup> groups, Map<String, String> ungrouped,
                         Map<String, GroupDecision> decisions, Set<String> firedRules) {

    public Evaluation {
        groups = List.copyOf(groups);
        ungrouped = Map.copyOf(ungrouped);
        decisions = Map.copyOf(decisions);
        firedRules = Set.copyOf(firedRules);
    }

    /** The partition as sets of BDFs, the form expectations use. */
    public Set<Set<String>> partition() {
        return groups.stream().map(g -> Set.copyOf(g.bdfs())).collect(Collectors.toSet());
    }
}
