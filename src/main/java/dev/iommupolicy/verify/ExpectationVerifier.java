package dev.iommupolicy.verify;

import dev.iommupolicy.model.AssignmentPlan;
import dev.iommupolicy.model.BindVerdict;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.Expectations;
import dev.iommupolicy.model.Expectations.BindExpectation;
import dev.iommupolicy.model.Expectations.ClaimExpectation;
import dev.iommupolicy.model.Expectations.PlanExpectation;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.PlanRefusal;
import dev.iommupolicy.model.Questions;
import dev.iommupolicy.model.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Compares an evaluation with the expectations its topology declares. */
public final class ExpectationVerifier {

    /** The questions a topology's expectations need answered, e.g. the binds they assert. */
    public static Questions questionsFor(Topology topology) {
        return new Questions(topology.expectations().bindRequests(), topology.expectations().assign());
    }

    /** Every expectation the evaluation does not meet; empty when all hold. */
    public List<Mismatch> verify(Evaluation evaluation) {
        Expectations expect = evaluation.topology().expectations();
        List<Mismatch> mismatches = new ArrayList<>();
        if (expect.groups() != null) {
            groups(expect.groups(), evaluation).ifPresent(mismatches::add);
        }
        if (expect.claims() != null) {
            expect.claims().forEach(c -> mismatches.addAll(claim(c, evaluation)));
        }
        if (expect.binds() != null) {
            expect.binds().forEach(b -> bind(b, evaluation).ifPresent(mismatches::add));
        }
        if (expect.plan() != null) {
            plan(expect.plan(), evaluation.plan()).ifPresent(mismatches::add);
        }
        return mismatches;
    }

    private static Optional<Mismatch> plan(PlanExpectation expected, AssignmentPlan actual) {
        String what = "plan to assign " + String.join(", ", expected.assign());
        if (actual == null) {
            return Optional.of(new Mismatch(what, "no plan was made"));
        }
        List<String> expectedSteps = expected.steps().stream().map(s -> s.device() + " -> " + s.driver()).toList();
        List<String> actualSteps = actual.steps().stream().map(s -> s.device() + " -> " + s.driver()).toList();
        Set<String> refusedBy = actual.refusals().stream().map(PlanRefusal::device).collect(Collectors.toSet());
        if (expectedSteps.equals(actualSteps) && expected.refusedBy().equals(refusedBy)) {
            return Optional.empty();
        }
        return Optional.of(new Mismatch(what, "expected steps " + expectedSteps + " refused by " + new TreeSet<>(expected.refusedBy())
                + ", derived steps " + actualSteps + " refused by " + new TreeSet<>(refusedBy)
                + actual.refusals().stream().map(r -> "\n  " + r.device() + ": " + r.reason()).collect(Collectors.joining())));
    }

    private static Optional<Mismatch> groups(List<Set<String>> expectedGroups, Evaluation evaluation) {
        Set<Set<String>> expected = Set.copyOf(expectedGroups);
        Set<Set<String>> actual = evaluation.partition();
        if (expected.equals(actual)) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        sorted(expected).stream().filter(g -> !actual.contains(g)).forEach(g -> lines.add("- expected " + g));
        sorted(actual).stream().filter(g -> !expected.contains(g)).forEach(g -> lines.add("+ derived  " + g));
        return Optional.of(new Mismatch("groups", String.join("\n", lines)));
    }

    private static List<Set<String>> sorted(Set<Set<String>> groups) {
        return groups.stream().map(TreeSet::new).sorted(Comparator.comparing(TreeSet::first)).map(g -> (Set<String>) g).toList();
    }

    private static List<Mismatch> claim(ClaimExpectation expected, Evaluation evaluation) {
        String what = "claim of the group of " + expected.device();
        Optional<IommuGroup> found = evaluation.groupOf(expected.device());
        if (found.isEmpty()) {
            return List.of(new Mismatch(what, "expected " + expected.verdict() + ", but " + expected.device() + " has no IOMMU group"));
        }
        IommuGroup group = found.get();
        List<Mismatch> mismatches = new ArrayList<>();
        if (expected.members() != null && !expected.members().equals(Set.copyOf(group.bdfs()))) {
            mismatches.add(new Mismatch(what, "expected the group " + new TreeSet<>(expected.members()) + ", derived " + group.bdfs()));
        }
        if (group.claim() == null) {
            mismatches.add(new Mismatch(what, "expected " + expected.verdict() + ", but no rule pack decides ownership for kernel "
                    + evaluation.topology().effectiveKernel()));
        } else if (group.claim().verdict() != expected.verdict()) {
            mismatches.add(new Mismatch(what, "expected " + expected.verdict() + ", derived " + group.claim().verdict()
                    + " (" + group.claim().reason() + ")" + blockers(group)));
        }
        if (expected.blockers() != null && !expected.blockers().equals(Set.copyOf(group.blockerDevices()))) {
            mismatches.add(new Mismatch(what, "expected blockers " + new TreeSet<>(expected.blockers()) + ", derived "
                    + group.blockerDevices() + blockers(group)));
        }
        return mismatches;
    }

    private static String blockers(IommuGroup group) {
        return group.blockers().stream().map(b -> "\n  " + b.device() + ": " + b.reason()).collect(Collectors.joining());
    }

    private static Optional<Mismatch> bind(BindExpectation expected, Evaluation evaluation) {
        String what = "bind of " + expected.request();
        Optional<BindVerdict> actual = evaluation.binds().stream().filter(b -> b.request().equals(expected.request())).findFirst();
        if (actual.isEmpty()) {
            return Optional.of(new Mismatch(what, "expected " + expected.verdict() + ", but no rule answered"));
        }
        if (actual.get().verdict() != expected.verdict()) {
            return Optional.of(new Mismatch(what, "expected " + expected.verdict() + ", derived " + actual.get().verdict()
                    + " (" + actual.get().reason() + ")"));
        }
        return Optional.empty();
    }
}
