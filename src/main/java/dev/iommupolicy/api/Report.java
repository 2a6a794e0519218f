package dev.iommupolicy.api;

import dev.iommupolicy.model.BindVerdict;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.GroupDecision;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.Violation;
import dev.iommupolicy.verify.KernelAgreement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules concluded for one topology, as an embedding tool reads it.
 *
 * @param evaluation everything the rules derived
 */
public record Report(Evaluation evaluation) {

    /** IOMMU groups in allocation order, each with its claim verdict, blockers and uncertainty. */
    public List<IommuGroup> groups() {
        return evaluation.groups();
    }

    /** The group of {@code bdf}, if it has one. */
    public Optional<IommuGroup> groupOf(String bdf) {
        return evaluation.groupOf(bdf);
    }

    /** Functions with no group, and why. */
    public Map<String, String> ungrouped() {
        return evaluation.ungrouped();
    }

    /** Answers to the binds asked. */
    public List<BindVerdict> binds() {
        return evaluation.binds();
    }

    /** Site-policy violations, most severe first. */
    public List<Violation> violations() {
        return evaluation.violations();
    }

    /** Why each device founded or joined its group: the explanation of the partition. */
    public Map<String, GroupDecision> explanations() {
        return evaluation.decisions();
    }

    /** Whether the derived groups equal the kernel's, when the input carries them. */
    public KernelAgreement kernelAgreement() {
        return KernelAgreement.of(evaluation);
    }
}
