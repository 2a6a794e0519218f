package dev.iommupolicy.verify;

import dev.iommupolicy.model.AssignmentPlan;
import dev.iommupolicy.model.BindVerdict;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.Expectations;
import dev.iommupolicy.model.Expectations.BindExpectation;
import dev.iommupolicy.model.Expectations.ClaimExpectation;
import dev.iommupolicy.model.Expectations.PlanExpectation;
import dev.iommupolicy.model.Expectations.ViolationExpectation;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.PlanRefusal;
import dev.iommupolicy.model.Questions;
import dev.iommupolicy.model.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Compares an evaluation with the expectations its topology declares: one {@link Check} per expectation. */
public final class ExpectationVerifier {

    private final Set<String> knownRules;

    /** @param knownRules the names of every loaded rule, so that {@code expect.rules} can name only real ones */
    public ExpectationVerifier(Set<String> knownRules) {
        this.knownRules = Set.copyOf(knownRules);
    }

    /** The questions a topology's expectations need answered, e.g. the binds they assert. */
    public static Questions questionsFor(Topology topology) {
        return new Questions(topology.expectations().bindRequests(), topology.expectations().assign());
    }

    /** A check per expectation, in the order the fixture declares them; names are unique. */
    public List<Check> verify(Evaluation evaluation) {
        Expectations expect = evaluation.topology().expectations();
        List<Check> checks = new ArrayList<>();
        if (expect.groups() != null) {
            checks.add(groups(expect.groups(), evaluation));
        }
        if (expect.claims() != null) {
            Map<String, IommuGroup> groupOf = new HashMap<>();
            evaluation.groups().forEach(g -> g.devices().forEach(d -> groupOf.put(d.getBdf(), g)));
            expect.claims().forEach(c -> checks.add(claim(c, groupOf.get(c.device()), evaluation)));
        }
        if (expect.binds() != null) {
            expect.binds().forEach(b -> checks.add(bind(b, evaluation)));
        }
        if (expect.plan() != null) {
            checks.add(plan(expect.plan(), evaluation.plan()));
        }
        if (expect.violations() != null) {
            checks.add(violations(expect.violations(), evaluation));
        }
        if (expect.rules() != null) {
            expect.rules().forEach(r -> checks.add(fires(r, evaluation)));
        }
        return unique(checks);
    }

    private static List<Check> unique(List<Check> checks) {
        Set<String> seen = new HashSet<>();
        List<Check> named = new ArrayList<>();
        for (Check c : checks) {
            String name = c.name();
            for (int n = 2; !seen.add(name); n++) {
                name = c.name() + " #" + n;
            }
            named.add(new Check(name, c.failure()));
        }
        return named;
    }

    private static Check groups(List<Set<String>> expectedGroups, Evaluation evaluation) {
        Set<Set<String>> expected = Set.copyOf(expectedGroups);
        Set<Set<String>> actual = evaluation.partition();
        if (expected.equals(actual)) {
            return Check.pass("groups");
        }
        List<String> lines = new ArrayList<>();
        sorted(expected).stream().filter(g -> !actual.contains(g)).forEach(g -> lines.add("- expected " + g));
        sorted(actual).stream().filter(g -> !expected.contains(g)).forEach(g -> lines.add("+ derived  " + g));
        return new Check("groups", "the partition differs\n" + String.join("\n", lines));
    }

    private static List<Set<String>> sorted(Set<Set<String>> groups) {
        return groups.stream().map(TreeSet::new).sorted(Comparator.comparing(TreeSet::first)).map(g -> (Set<String>) g).toList();
    }

    private static Check claim(ClaimExpectation expected, IommuGroup group, Evaluation evaluation) {
        String name = "claim of the group of " + expected.device();
        if (group == null) {
            return new Check(name, "expected " + expected.verdict() + ", but " + expected.device() + " has no IOMMU group");
        }
        List<String> problems = new ArrayList<>();
        if (expected.members() != null && !expected.members().equals(Set.copyOf(group.bdfs()))) {
            problems.add("expected the group " + new TreeSet<>(expected.members()) + ", derived " + group.bdfs());
        }
        if (group.claim() == null) {
            problems.add("expected " + expected.verdict() + ", but no rule pack decides ownership for kernel "
                    + evaluation.topology().effectiveKernel());
        } else if (group.claim().verdict() != expected.verdict()) {
            problems.add("expected " + expected.verdict() + ", derived " + group.claim().verdict() + " (" + group.claim().reason() + ")");
        }
        if (expected.blockers() != null && !expected.blockers().equals(Set.copyOf(group.blockerDevices()))) {
            problems.add("expected blockers " + new TreeSet<>(expected.blockers()) + ", derived " + group.blockerDevices());
        }
        if (problems.isEmpty()) {
            return Check.pass(name);
        }
        return new Check(name, String.join("; ", problems)
                + group.blockers().stream().map(b -> "\n  " + b.device() + ": " + b.reason()).collect(Collectors.joining()));
    }

    private static Check bind(BindExpectation expected, Evaluation evaluation) {
        String name = "bind of " + expected.request();
        Optional<BindVerdict> actual = evaluation.binds().stream().filter(b -> b.request().equals(expected.request())).findFirst();
        if (actual.isEmpty()) {
            return new Check(name, "expected " + expected.verdict() + ", but no rule answered");
        }
        if (actual.get().verdict() != expected.verdict()) {
            return new Check(name, "expected " + expected.verdict() + ", derived " + actual.get().verdict()
                    + " (" + actual.get().reason() + ")");
        }
        return Check.pass(name);
    }

    private static Check plan(PlanExpectation expected, AssignmentPlan actual) {
        String name = "plan to assign " + String.join(", ", expected.assign());
        if (actual == null) {
            return new Check(name, "no plan was made");
        }
        List<String> expectedSteps = expected.steps().stream().map(s -> s.device() + " -> " + s.driver()).toList();
        List<String> actualSteps = actual.steps().stream().map(s -> s.device() + " -> " + s.driver()).toList();
        Set<String> refusedBy = actual.refusals().stream().map(PlanRefusal::device).collect(Collectors.toSet());
        if (expectedSteps.equals(actualSteps) && expected.refusedBy().equals(refusedBy)) {
            return Check.pass(name);
        }
        return new Check(name, "expected steps " + expectedSteps + " refused by " + new TreeSet<>(expected.refusedBy())
                + ", derived steps " + actualSteps + " refused by " + new TreeSet<>(refusedBy)
                + actual.refusals().stream().map(r -> "\n  " + r.device() + ": " + r.reason()).collect(Collectors.joining()));
    }

    private static Check violations(Set<ViolationExpectation> expected, Evaluation evaluation) {
        Set<ViolationExpectation> actual = evaluation.violations().stream()
                .map(v -> new ViolationExpectation(v.device(), v.severity())).collect(Collectors.toSet());
        if (expected.equals(actual)) {
            return Check.pass("violations");
        }
        List<String> lines = new ArrayList<>();
        expected.stream().filter(v -> !actual.contains(v)).forEach(v -> lines.add("- expected " + v.severity().label() + " on " + v.device()));
        evaluation.violations().stream().filter(v -> !expected.contains(new ViolationExpectation(v.device(), v.severity())))
                .forEach(v -> lines.add("+ derived  " + v.severity().label() + " on " + v.device() + ": " + v.message()));
        return new Check("violations", "the violations differ\n" + String.join("\n", lines));
    }

    /** Vacuous-pass detection: the rule the fixture is meant to test must have fired. */
    private Check fires(String rule, Evaluation evaluation) {
        String name = "rule \"" + rule + "\" fires";
        if (!knownRules.contains(rule)) {
            return new Check(name, "no loaded rule pack defines a rule of that name");
        }
        return evaluation.firedRules().contains(rule) ? Check.pass(name)
                : new Check(name, "it never fired: the other expectations hold without it (vacuous pass)");
    }
}
