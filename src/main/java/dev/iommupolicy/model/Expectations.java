package dev.iommupolicy.model;

import java.util.List;
import java.util.Set;

/**
 * What a fixture asserts about its own topology. Each part is null when the fixture does not assert it.
 *
 * @param groups the expected partition into IOMMU groups (each a set of full BDFs)
 * @param claims expected user-space claim verdicts
 * @param binds expected driver bind verdicts; their requests are asked of the rules
 * @param plan the expected assignment plan; its devices are asked of the rules
 * @param rules names of rules that must fire, so that the other expectations cannot pass vacuously
 * @param violations the exact site-policy violations expected, as device and severity; empty: none
 * @param groupsFromKernel true when {@code groups} were observed from a running kernel (sysfs, lspci,
 *     a snapshot) rather than written by hand, so reports compare them as the kernel's answer
 */
public record Expectations(List<Set<String>> groups, List<ClaimExpectation> claims, List<BindExpectation> binds,
                           PlanExpectation plan, List<String> rules, Set<ViolationExpectation> violations,
                           boolean groupsFromKernel) {

    public static final Expectations NONE = new Expectations(null, null, null, null, null, null, false);

    public Expectations {
        groups = groups == null ? null : groups.stream().map(Set::copyOf).toList();
        claims = claims == null ? null : List.copyOf(claims);
        binds = binds == null ? null : List.copyOf(binds);
        rules = rules == null ? null : List.copyOf(rules);
        violations = violations == null ? null : Set.copyOf(violations);
    }

    public boolean isEmpty() {
        return groups == null && claims == null && binds == null && plan == null && rules == null && violations == null;
    }

    /** The bind requests the expectations need answered. */
    public List<BindRequest> bindRequests() {
        return binds == null ? List.of() : binds.stream().map(BindExpectation::request).toList();
    }

    /**
     * The expected claim verdict of the group that holds {@code device}.
     *
     * @param members the group's exact members when the fixture names the whole group, else null
     * @param blockers the expected blocking devices in any order, or null when not asserted
     */
    public record ClaimExpectation(String device, Set<String> members, Verdict verdict, Set<String> blockers) {
        public ClaimExpectation {
            members = members == null ? null : Set.copyOf(members);
            blockers = blockers == null ? null : Set.copyOf(blockers);
        }
    }

    /** The devices an expected plan assigns, or none. */
    public List<String> assign() {
        return plan == null ? List.of() : plan.assign();
    }

    /**
     * The expected plan for assigning {@code assign}: its driver changes in order, and the devices its
     * refusals name (empty: the plan can be carried out).
     */
    public record PlanExpectation(List<String> assign, List<PlanStep> steps, Set<String> refusedBy) {
        public PlanExpectation {
            assign = List.copyOf(assign);
            steps = List.copyOf(steps);
            refusedBy = Set.copyOf(refusedBy);
        }
    }

    /** A violation expected on {@code device} with {@code severity}. */
    public record ViolationExpectation(String device, Violation.Severity severity) {
    }

    /** The expected answer to binding a driver to a device. */
    public record BindExpectation(BindRequest request, Verdict verdict) {
    }
}
