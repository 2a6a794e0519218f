package dev.iommupolicy.verify;

import dev.iommupolicy.model.Evaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the derived groups equal the groups the running kernel made, when the input carries them
 * (sysfs {@code iommu_group} links, {@code IOMMU group:} lines, a snapshot's observed groups). A difference
 * means a rule is missing or wrong: the most useful bug report a user can send.
 *
 * @param compared false when the input carries no kernel groups
 * @param agrees true when compared and equal
 * @param differences one per group that only the kernel or only the rules formed
 */
public record KernelAgreement(boolean compared, boolean agrees, List<Difference> differences) {

    /** A group as the kernel formed it with no equal derived group, or the reverse. */
    public record Difference(String formedBy, List<String> devices) {
        @Override
        public String toString() {
            return "only the " + formedBy + " formed " + devices;
        }
    }

    public static KernelAgreement of(Evaluation evaluation) {
        List<Set<String>> kernel = evaluation.topology().expectations().groups();
        if (kernel == null || !evaluation.topology().expectations().groupsFromKernel()) {
            return new KernelAgreement(false, false, List.of());
        }
        Set<Set<String>> observed = Set.copyOf(kernel);
        Set<Set<String>> derived = evaluation.partition();
        List<Difference> differences = new ArrayList<>();
        observed.stream().filter(g -> !derived.contains(g)).map(g -> new Difference("kernel", List.copyOf(new TreeSet<>(g))))
                .forEach(differences::add);
        derived.stream().filter(g -> !observed.contains(g)).map(g -> new Difference("rules", List.copyOf(new TreeSet<>(g))))
                .forEach(differences::add);
        differences.sort(Comparator.comparing((Difference d) -> d.devices().get(0)).thenComparing(Difference::formedBy));
        return new KernelAgreement(true, differences.isEmpty(), differences);
    }
}
