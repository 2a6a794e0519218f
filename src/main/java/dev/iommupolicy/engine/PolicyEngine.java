package dev.iommupolicy.engine;

import dev.iommupolicy.input.InputException;
import dev.iommupolicy.model.AssignRequest;
import dev.iommupolicy.model.AssignmentPlan;
import dev.iommupolicy.model.BindRequest;
import dev.iommupolicy.model.BindVerdict;
import dev.iommupolicy.model.ClaimBlocker;
import dev.iommupolicy.model.ClaimVerdict;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.GroupDecision;
import dev.iommupolicy.model.GroupMember;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.KernelParameter;
import dev.iommupolicy.model.OwnershipModel;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.PlanRefusal;
import dev.iommupolicy.model.PlanStep;
import dev.iommupolicy.model.Questions;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.model.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.definition.type.FactType;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.io.DescrResource;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;

/**
 * Compiles rule packs once into a Drools knowledge base and evaluates topologies against it, one
 * session per topology. Immutable after construction and safe to share between threads.
 */
public final class PolicyEngine {

    /** The DRL package of the shipped kernel pack, where the intermediate fact types are declared. */
    static final String KERNEL_PACKAGE = "iommupolicy.kernel";

    private final KieBase kieBase;
    /** Finished sessions are reset and reused: creating one per topology cost more than evaluating small machines. */
    private final KieSessionsPool sessions;
    private final RuleSet ruleSet;
    private final boolean loadedFromCache;
    private final FactType unmanaged;

    private PolicyEngine(KieBase kieBase, RuleSet ruleSet, boolean loadedFromCache) {
        this.kieBase = kieBase;
        this.loadedFromCache = loadedFromCache;
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
        this.ruleSet = ruleSet;
        this.unmanaged = kieBase.getFactType(KERNEL_PACKAGE, "Unmanaged");
    }

    /**
     * Merges {@code packs} in order ({@link RuleSet}) and compiles the result.
     *
     * @throws RuleCompilationException naming file and line of every error
     * @throws InputException for inconsistent packs (names, requires, disables)
     */
    public static PolicyEngine compile(List<RulePack> packs) {
        RuleSet ruleSet = RuleSet.resolve(packs);
        return new PolicyEngine(build(ruleSet).newKieBase(), ruleSet, false);
    }

    /**
     * As {@link #compile(List)}, but loads the compiled rule base from {@code cache} when it holds one for
     * exactly these packs, and stores it there otherwise.
     */
    public static PolicyEngine compile(List<RulePack> packs, RuleBaseCache cache) {
        String key = RuleBaseCache.key(packs);
        Optional<RuleBaseCache.Entry> cached = cache.load(key, packs);
        if (cached.isPresent()) {
            return new PolicyEngine(cached.get().kieBase(), cached.get().ruleSet(), true);
        }
        RuleSet ruleSet = RuleSet.resolve(packs);
        KnowledgeBuilder builder = build(ruleSet);
        cache.store(key, builder, ruleSet);
        return new PolicyEngine(builder.newKieBase(), ruleSet, false);
    }

    private static KnowledgeBuilder build(RuleSet ruleSet) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        // one batch: declarations in one file are visible to rules in every other file of the package
        CompositeKnowledgeBuilder batch = builder.batch();
        ruleSet.descrs().forEach(d -> batch.add(new DescrResource(d), ResourceType.DESCR));
        batch.build();
        if (builder.hasErrors()) {
            List<String> problems = new ArrayList<>();
            for (KnowledgeBuilderError e : builder.getErrors()) {
                problems.add(location(e, ruleSet) + e.getMessage().trim());
            }
            throw new RuleCompilationException(problems);
        }
        return builder;
    }

    /** Where an error is: build errors of merged DRL carry their file on the rule's description. */
    private static String location(KnowledgeBuilderError e, RuleSet ruleSet) {
        String file = e.getResource() == null || e.getResource().getSourcePath() == null ? "rules" : e.getResource().getSourcePath();
        if (e instanceof DescrBuildError d) {
            file = Stream.of(d.getParentDescr(), d.getDescr()).filter(Objects::nonNull).map(ruleSet::fileOf)
                    .flatMap(Optional::stream).findFirst().orElse(file);
        }
        int[] lines = e.getLines();
        String column = e instanceof DescrBuildError d && d.getColumn() > 0 ? ":" + d.getColumn() : "";
        return lines.length > 0 && lines[0] > 0 ? file + ":" + lines[0] + column + ": " : file + ": ";
    }

    /** The packs {@code topology} requires that this engine was not compiled with. */
    public List<String> missingPacks(Topology topology) {
        return topology.requiredPacks().stream()
                .filter(name -> ruleSet.packs().stream().noneMatch(p -> p.name().equals(name))).toList();
    }

    /** True when the compiled rule base came from a {@link RuleBaseCache} instead of the DRL compiler. */
    public boolean loadedFromCache() {
        return loadedFromCache;
    }

    /** The packs and rules this engine was compiled from, with replacements and disablements. */
    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** Names of every rule in the knowledge base, by package. */
    public Map<String, List<String>> ruleNames() {
        Map<String, List<String>> names = new TreeMap<>();
        kieBase.getKiePackages().forEach(p -> p.getRules().forEach(
                r -> names.computeIfAbsent(p.getName(), k -> new ArrayList<>()).add(r.getName())));
        return names;
    }

    /** True when rule {@code name} is marked {@code @table}: it holds data and fires in every evaluation. */
    public boolean isTable(String name) {
        return kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream())
                .anyMatch(r -> r.getName().equals(name) && r.getMetaData().containsKey("table"));
    }

    /** Runs the rules on {@code topology} in a fresh session: groups and claim verdicts. */
    public Evaluation evaluate(Topology topology) {
        return evaluate(topology, Questions.NONE);
    }

    /**
     * Runs the rules on {@code topology} in a fresh session and answers {@code questions} too.
     *
     * @throws InputException when the topology's claim state is impossible, or a device to assign is
     *     missing or has no group
     */
    public Evaluation evaluate(Topology topology, Questions questions) {
        List<String> missing = missingPacks(topology);
        if (!missing.isEmpty()) {
            throw new InputException(topology.name() + ": needs rule pack(s) " + String.join(", ", missing)
                    + " (requiresPacks), which are not loaded: add them with --rules DIR");
        }
        for (String bdf : questions.assign()) {
            if (topology.device(bdf).isEmpty()) {
                throw new InputException(topology.name() + ": cannot assign " + bdf + ": no such device in the topology");
            }
        }
        KieSession session = sessions.newKieSession();
        Set<String> fired = new HashSet<>();
        AgendaEventListener firings = new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
            }
        };
        session.addEventListener(firings);
        try {
            session.insert(topology.effectiveKernel());
            session.insert(topology.platform());
            KernelParameter.parse(topology.cmdline()).forEach(session::insert);
            if (topology.ownershipModel() != null) {
                session.insert(topology.ownershipModel());
            }
            topology.devices().forEach(d -> session.insert(d.copy()));
            questions.binds().forEach(session::insert);
            questions.assign().forEach(bdf -> session.insert(new AssignRequest(bdf)));
            session.fireAllRules();
            return new Collector(topology, questions, session).evaluation(fired);
        } finally {
            session.removeEventListener(firings); // a pooled session keeps its listeners
            session.dispose();
        }
    }

    /** Reads one finished session into an {@link Evaluation}, checking the invariants the kernel keeps. */
    private final class Collector {
        private final Topology topology;
        private final Questions questions;
        /** Every fact of the finished session by class, read in one pass over working memory. */
        private final Map<Class<?>, List<Object>> facts = new HashMap<>();

        Collector(Topology topology, Questions questions, KieSession session) {
            this.topology = topology;
            this.questions = questions;
            session.getObjects().forEach(o -> facts.computeIfAbsent(o.getClass(), k -> new ArrayList<>()).add(o));
        }

        Evaluation evaluation(Set<String> fired) {
            Map<String, String> ungrouped = ungrouped();
            List<IommuGroup> groups = groups(ungrouped);
            checkOneOwnerPerGroup(groups);
            AssignmentPlan plan = questions.assign().isEmpty() ? null : plan(ungrouped);
            List<Violation> violations = all(Violation.class).stream()
                    .sorted(Comparator.comparing(Violation::severity).thenComparingInt(v -> probeIndex(v.device()))
                            .thenComparing(Violation::message)).toList();
            return new Evaluation(topology, single(OwnershipModel.class).orElse(null), groups, ungrouped, decisions(),
                    binds(), plan, violations, fired);
        }

        private <T> List<T> all(Class<T> type) {
            return facts.getOrDefault(type, List.of()).stream().map(type::cast).toList();
        }

        private <T> Optional<T> single(Class<T> type) {
            List<T> found = all(type);
            if (found.size() > 1) {
                throw new RuleResultException("the rules inserted more than one " + type.getSimpleName() + ": " + found);
            }
            return found.stream().findFirst();
        }

        private PciDevice device(String bdf) {
            return topology.device(bdf).orElseThrow(() -> new RuleResultException("the rules named " + bdf
                    + ", which is not in the topology"));
        }

        private int probeIndex(String bdf) {
            return device(bdf).getProbeIndex();
        }

        private Map<String, GroupDecision> decisions() {
            Map<String, GroupDecision> decisions = new TreeMap<>();
            for (GroupDecision d : all(GroupDecision.class)) {
                decisions.merge(d.getDevice(), d, (a, b) -> {
                    throw new RuleResultException("the rules made two group decisions for " + a.getDevice() + ": " + a + "; " + b);
                });
            }
            return decisions;
        }

        private Map<String, String> ungrouped() {
            Map<String, String> ungrouped = new TreeMap<>();
            if (unmanaged != null) {
                for (Object o : facts.entrySet().stream().filter(e -> e.getKey().getName().equals(unmanaged.getName()))
                        .flatMap(e -> e.getValue().stream()).toList()) {
                    ungrouped.put((String) unmanaged.get(o, "bdf"), (String) unmanaged.get(o, "reason"));
                }
            }
            return ungrouped;
        }

        private List<IommuGroup> groups(Map<String, String> ungrouped) {
            Map<String, String> founderOf = new HashMap<>();
            for (GroupMember m : all(GroupMember.class)) {
                String previous = founderOf.put(m.getDevice(), m.getFounder());
                if (previous != null && !previous.equals(m.getFounder())) {
                    throw new RuleResultException("the rules put " + m.getDevice() + " into two groups (founded by "
                            + previous + " and " + m.getFounder() + ")");
                }
            }
            // founders in probe order: the order in which the kernel allocates the groups
            Map<PciDevice, List<PciDevice>> members = new TreeMap<>(Comparator.comparingInt(PciDevice::getProbeIndex));
            for (PciDevice d : topology.devices()) {
                String founder = founderOf.get(d.getBdf());
                if (founder == null && !ungrouped.containsKey(d.getBdf())) {
                    throw new RuleResultException("the rules gave " + d.getBdf() + " no group and did not say it is unmanaged");
                }
                if (founder != null) {
                    members.computeIfAbsent(device(founder), k -> new ArrayList<>()).add(d);
                }
            }
            Map<String, ClaimVerdict> claims = new HashMap<>();
            for (ClaimVerdict v : all(ClaimVerdict.class)) {
                claims.merge(v.group(), v, (a, b) -> {
                    throw new RuleResultException("the rules gave the group of " + a.group() + " two claim verdicts: "
                            + a.verdict() + " (" + a.reason() + ") and " + b.verdict() + " (" + b.reason() + ")");
                });
            }
            Map<String, List<ClaimBlocker>> blockers = new HashMap<>();
            for (ClaimBlocker b : all(ClaimBlocker.class)) {
                blockers.computeIfAbsent(b.group(), k -> new ArrayList<>()).add(b);
            }
            Comparator<ClaimBlocker> blockerOrder = Comparator.comparingInt((ClaimBlocker b) -> probeIndex(b.device()))
                    .thenComparingInt(ClaimBlocker::step);
            List<IommuGroup> groups = new ArrayList<>(members.size());
            members.forEach((founder, devices) -> {
                devices.sort(Comparator.comparing(PciDevice::getAddress));
                List<ClaimBlocker> groupBlockers = blockers.getOrDefault(founder.getBdf(), new ArrayList<>());
                groupBlockers.sort(blockerOrder);
                groups.add(new IommuGroup(groups.size(), devices, claims.get(founder.getBdf()), groupBlockers,
                        uncertainty(devices)));
            });
            return groups;
        }

        /** The unknowns of the members and of every bridge above them: the facts the group's derivation rests on. */
        private List<String> uncertainty(List<PciDevice> members) {
            if (topology.unknowns().isEmpty()) {
                return List.of();
            }
            Set<String> reasons = new java.util.LinkedHashSet<>();
            for (PciDevice m : members) {
                for (String bdf = m.getBdf(); bdf != null; bdf = device(bdf).getParent()) {
                    String at = bdf;
                    topology.unknowns().getOrDefault(bdf, List.of()).forEach(u -> reasons.add(at + ": " + u));
                }
            }
            return List.copyOf(reasons);
        }

        /** iommu_group has one owner: the input cannot have two owners hold one group. */
        private void checkOneOwnerPerGroup(List<IommuGroup> groups) {
            List<String> problems = new ArrayList<>();
            for (IommuGroup g : groups) {
                List<PciDevice> held = g.devices().stream().filter(d -> d.getClaimedBy() != null).toList();
                if (held.stream().map(PciDevice::getClaimedBy).distinct().count() > 1) {
                    problems.add(topology.name() + ": " + held.stream().map(d -> d.getBdf() + " (claimedBy " + d.getClaimedBy() + ")")
                            .collect(Collectors.joining(", ")) + " are in one IOMMU group, which only one user-space owner can hold");
                }
            }
            if (!problems.isEmpty()) {
                throw new InputException(problems);
            }
        }

        private List<BindVerdict> binds() {
            Map<BindRequest, BindVerdict> answers = new HashMap<>();
            for (BindVerdict v : all(BindVerdict.class)) {
                answers.merge(v.request(), v, (a, b) -> {
                    if (a.verdict() != b.verdict()) {
                        throw new RuleResultException("the rules gave " + a.request() + " two verdicts: " + a.verdict()
                                + " and " + b.verdict());
                    }
                    return new BindVerdict(a.request(), a.verdict(), a.reason() + "; " + b.reason());
                });
            }
            return questions.binds().stream().map(answers::get).filter(Objects::nonNull).toList();
        }

        private AssignmentPlan plan(Map<String, String> ungrouped) {
            List<String> problems = questions.assign().stream().filter(ungrouped::containsKey)
                    .map(bdf -> topology.name() + ": cannot assign " + bdf + ": it has no IOMMU group (" + ungrouped.get(bdf) + ")")
                    .toList();
            if (!problems.isEmpty()) {
                throw new InputException(problems);
            }
            Map<String, PlanStep> steps = new HashMap<>();
            for (PlanStep step : all(PlanStep.class)) {
                steps.merge(step.device(), step, (a, b) -> {
                    if (!a.driver().equals(b.driver())) {
                        throw new RuleResultException("the plan moves " + a.device() + " to both " + a.driver() + " and " + b.driver());
                    }
                    return a;
                });
            }
            List<PlanRefusal> refusals = all(PlanRefusal.class).stream()
                    .sorted(Comparator.comparingInt((PlanRefusal r) -> probeIndex(r.device())).thenComparing(PlanRefusal::reason))
                    .toList();
            return new AssignmentPlan(questions.assign(), steps.values().stream()
                    .sorted(Comparator.comparingInt(step -> probeIndex(step.device()))).toList(), refusals);
        }
    }
}
