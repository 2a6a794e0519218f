package dev.iommupolicy.engine;

import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.GroupDecision;
import dev.iommupolicy.model.GroupMember;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.kie.api.definition.type.FactType;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiles rule packs once into a Drools knowledge base and evaluates topologies against it, one
 * session per topology. Immutable after construction and safe to share between threads.
 */
public final class PolicyEngine {

    /** The DRL package of the shipped kernel pack, where the intermediate fact types are declared. */
    static final String KERNEL_PACKAGE = "iommupolicy.kernel";

    private final KieBase kieBase;
    private final FactType unmanaged;

    private PolicyEngine(KieBase kieBase) {
        this.kieBase = kieBase;
        this.unmanaged = kieBase.getFactType(KERNEL_PACKAGE, "Unmanaged");
    }

    /**
     * Compiles {@code sources} together.
     *
     * @throws RuleCompilationException naming file and line of every error
     */
    public static PolicyEngine compile(List<RuleSource> sources) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        // one batch: declarations in one file are visible to rules in every other file of the package
        CompositeKnowledgeBuilder batch = builder.batch();
        for (RuleSource source : sources) {
            batch.add(ResourceFactory.newByteArrayResource(source.text().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath(source.name()), ResourceType.DRL);
        }
        batch.build();
        if (builder.hasErrors()) {
            List<String> problems = new ArrayList<>();
            for (KnowledgeBuilderError e : builder.getErrors()) {
                problems.add(location(e) + e.getMessage().trim());
            }
            throw new RuleCompilationException(problems);
        }
        return new PolicyEngine(builder.newKieBase());
    }

    private static String location(KnowledgeBuilderError e) {
        String file = e.getResource() == null ? "rules" : e.getResource().getSourcePath();
        int[] lines = e.getLines();
        return lines.length > 0 && lines[0] > 0 ? file + ":" + lines[0] + ": " : file + ": ";
    }

    /** Names of every rule in the knowledge base, by package. */
    public Map<String, List<String>> ruleNames() {
        Map<String, List<String>> names = new TreeMap<>();
        kieBase.getKiePackages().forEach(p -> p.getRules().forEach(
                r -> names.computeIfAbsent(p.getName(), k -> new ArrayList<>()).add(r.getName())));
        return names;
    }

    /** Runs the rules on {@code topology} in a fresh session. */
    public Evaluation evaluate(Topology topology) {
        KieSession session = kieBase.newKieSession();
        Set<String> fired = new HashSet<>();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
            }
        });
        try {
            session.insert(topology.effectiveKernel());
            session.insert(topology.platform());
            topology.devices().forEach(d -> session.insert(d.copy()));
            session.fireAllRules();
            return collect(topology, session, fired);
        } finally {
            session.dispose();
        }
    }

    private Evaluation collect(Topology topology, KieSession session, Set<String> fired) {
        Map<String, String> founderOf = new HashMap<>();
        for (Object o : session.getObjects(o -> o instanceof GroupMember)) {
            GroupMember m = (GroupMember) o;
            String previous = founderOf.put(m.getDevice(), m.getFounder());
            if (previous != null && !previous.equals(m.getFounder())) {
                throw new RuleResultException("the rules put " + m.getDevice() + " into two groups (founded by "
                        + previous + " and " + m.getFounder() + ")");
            }
        }
        Map<String, GroupDecision> decisions = new TreeMap<>();
        for (Object o : session.getObjects(o -> o instanceof GroupDecision)) {
            GroupDecision d = (GroupDecision) o;
            decisions.merge(d.getDevice(), d, (a, b) -> {
                throw new RuleResultException("the rules made two group decisions for " + a.getDevice() + ": " + a + "; " + b);
            });
        }
        Map<String, String> ungrouped = new TreeMap<>();
        if (unmanaged != null) {
            for (Object o : session.getObjects(o -> o.getClass().getName().equals(unmanaged.getName()))) {
                ungrouped.put((String) unmanaged.get(o, "bdf"), (String) unmanaged.get(o, "reason"));
            }
        }
        Map<String, List<PciDevice>> members = new LinkedHashMap<>();
        for (PciDevice d : topology.devices()) {
            String founder = founderOf.get(d.getBdf());
            if (founder == null && !ungrouped.containsKey(d.getBdf())) {
                throw new RuleResultException("the rules gave " + d.getBdf() + " no group and did not say it is unmanaged");
            }
            if (founder != null) {
                members.computeIfAbsent(founder, k -> new ArrayList<>()).add(d);
            }
        }
        List<IommuGroup> groups = new ArrayList<>();
        members.keySet().stream()
                .sorted(Comparator.comparingInt(f -> topology.device(f).orElseThrow().getProbeIndex()))
                .forEach(f -> groups.add(new IommuGroup(groups.size(),
                        members.get(f).stream().sorted(Comparator.comparing(PciDevice::getAddress)).toList())));
        return new Evaluation(topology, groups, ungrouped, decisions, fired);
    }
}
