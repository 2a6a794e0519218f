package dev.iommupolicy.api;

import dev.iommupolicy.engine.AssignmentPlanner;
import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RuleBaseCache;
import dev.iommupolicy.engine.RulePack;
import dev.iommupolicy.engine.RuleSet;
import dev.iommupolicy.input.LspciDumpReader;
import dev.iommupolicy.input.LspciTextReader;
import dev.iommupolicy.input.SysfsReader;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.KernelVersion;
import dev.iommupolicy.model.OwnershipModel;
import dev.iommupolicy.model.Questions;
import dev.iommupolicy.model.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embeddable engine: rule packs compiled once, then any number of evaluations, from any number of
 * threads. Immutable; prints nothing; fails with the typed exceptions the CLI reports
 * ({@link dev.iommupolicy.input.InputException}, {@link dev.iommupolicy.engine.RuleCompilationException},
 * {@link dev.iommupolicy.engine.RuleResultException}).
 *
 * <pre>{@code
 * IommuPolicy policy = IommuPolicy.builder().addPack(Path.of("/etc/iommu-policy/site")).build();
 * Report report = policy.evaluate(policy.readSysfs(Path.of("/")));
 * for (IommuGroup g : report.groups()) {
 *     System.out.println(g.bdfs() + " " + g.claim().verdict());
 * }
 * }</pre>
 */
public final class IommuPolicy {

    private final PolicyEngine engine;
    private final KernelVersion kernel;
    private final OwnershipModel ownershipModel;

    private IommuPolicy(PolicyEngine engine, KernelVersion kernel, OwnershipModel ownershipModel) {
        this.engine = engine;
        this.kernel = kernel;
        this.ownershipModel = ownershipModel;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and compiles an {@link IommuPolicy}. */
    public static final class Builder {
        private boolean shipped = true;
        private final List<Path> packs = new ArrayList<>();
        private KernelVersion kernel;
        private OwnershipModel ownershipModel;
        private RuleBaseCache cache;

        private Builder() {
        }

        /** Leave out the shipped kernel packs (only for packs that replace the whole kernel model). */
        public Builder withoutShippedPacks() {
            shipped = false;
            return this;
        }

        /** A rule pack directory, applied after the shipped packs and earlier {@code addPack} calls. */
        public Builder addPack(Path dir) {
            packs.add(dir);
            return this;
        }

        /** Judge every topology as this kernel release (a {@code uname -r} string), whatever it names. */
        public Builder kernel(String release) {
            kernel = KernelVersion.parse(release);
            return this;
        }

        /** Force the ownership model for every topology, e.g. for a distribution kernel with the 5.19 series backported. */
        public Builder ownershipModel(OwnershipModel model) {
            ownershipModel = model;
            return this;
        }

        /**
         * Keep compiled rule bases in {@code dir} ({@link RuleBaseCache}): a later build with the same packs
         * loads instead of compiling. Off unless set.
         */
        public Builder ruleBaseCache(Path dir) {
            cache = RuleBaseCache.in(dir);
            return this;
        }

        /** Reads and compiles the packs (or loads them from the rule-base cache): the slow step, once per engine. */
        public IommuPolicy build() {
            List<RulePack> all = new ArrayList<>(shipped ? RulePack.shipped() : List.of());
            packs.forEach(dir -> all.add(RulePack.load(dir, dir.toString())));
            PolicyEngine engine = cache == null ? PolicyEngine.compile(all) : PolicyEngine.compile(all, cache);
            return new IommuPolicy(engine, kernel, ownershipModel);
        }
    }

    /** The packs and rules in effect, with replacements and disablements. */
    public RuleSet ruleSet() {
        return engine.ruleSet();
    }

    /** Groups, claim verdicts, violations and kernel agreement for {@code topology}. */
    public Report evaluate(Topology topology) {
        return evaluate(topology, Questions.NONE);
    }

    /** As {@link #evaluate(Topology)}, also answering binds to judge. */
    public Report evaluate(Topology topology, Questions questions) {
        return new Report(engine.evaluate(profiled(topology), questions));
    }

    /** What must change for user space to open {@code devices}, checked by evaluating the result. */
    public AssignmentPlanner.Outcome plan(Topology topology, List<String> devices) {
        return new AssignmentPlanner(engine).plan(profiled(topology), devices);
    }

    /** A topology file (YAML, format v1). */
    public Topology read(Path file) {
        return new TopologyReader().read(file);
    }

    /** A machine from a file-system root with {@code sys/} and {@code proc/} ({@code /} for this machine). */
    public Topology readSysfs(Path root) {
        return new SysfsReader(root).read();
    }

    /** A machine from {@code lspci -vvvnn} text. */
    public Topology readLspciText(Path file) {
        return new LspciTextReader().read(file);
    }

    /** A machine from {@code lspci -xxxx} config-space dumps. */
    public Topology readLspciDump(Path file) {
        return new LspciDumpReader().read(file);
    }

    private Topology profiled(Topology topology) {
        Topology t = kernel == null ? topology : topology.withKernel(kernel);
        return ownershipModel == null ? t : t.withOwnershipModel(ownershipModel);
    }
}
