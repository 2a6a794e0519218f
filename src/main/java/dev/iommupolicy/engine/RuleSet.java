package dev.iommupolicy.engine;

import dev.iommupolicy.input.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.DrlParser;
import org.kie.api.io.Resource;
import org.kie.internal.io.ResourceFactory;

/**
 * The rules of several packs merged before compilation. Drools rejects two rules with one package and
 * name, so the merge happens here: a later pack's rule replaces an earlier pack's rule of the same
 * package and name, a manifest's {@code disable} drops rules by name, and a pack's {@code kernels} range
 * becomes a {@code KernelVersion} condition of each of its rules. Every replacement and disablement is a
 * warning naming both files.
 */
public final class RuleSet {

    public enum Status { ACTIVE, REPLACED, DISABLED }

    /** One rule as the packs define it, and what became of it. */
    public record Rule(String pack, String file, int line, String packageName, String name, Status status, String note) {
    }

    private final List<RulePack> packs;
    private final List<Rule> rules;
    private final List<String> warnings;
    private final List<PackageDescr> descrs;
    private final Map<BaseDescr, String> files;

    private RuleSet(List<RulePack> packs, List<Rule> rules, List<String> warnings, List<PackageDescr> descrs,
                    Map<BaseDescr, String> files) {
        this.packs = List.copyOf(packs);
        this.rules = List.copyOf(rules);
        this.warnings = List.copyOf(warnings);
        this.descrs = descrs;
        this.files = files;
    }

    public List<RulePack> packs() {
        return packs;
    }

    /** Every rule of every pack, in load order, with its status. */
    public List<Rule> rules() {
        return rules;
    }

    /** Replacements and disablements, each naming both files. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The file a parsed element (a rule, function, type declaration or whole file) came from, for
     * error messages: compiling merged descriptions loses the file names.
     */
    Optional<String> fileOf(BaseDescr descr) {
        return Optional.ofNullable(files.get(descr));
    }

    /** The merged DRL to compile. */
    List<PackageDescr> descrs() {
        if (descrs == null) {
            throw new IllegalStateException("a rule set restored from the rule-base cache has no parsed DRL");
        }
        return descrs;
    }

    /** The rule set of a compiled rule base read back from a {@link RuleBaseCache}: rules and warnings, no DRL. */
    static RuleSet restored(List<RulePack> packs, List<Rule> rules, List<String> warnings) {
        return new RuleSet(packs, rules, warnings, null, Map.of());
    }

    /**
     * Merges {@code packs} in order.
     *
     * @throws InputException for duplicate pack names, missing required packs, cycles of requires, and
     *     disabling a rule no earlier pack defines
     * @throws RuleCompilationException for DRL that does not parse, with file and line
     */
    public static RuleSet resolve(List<RulePack> packs) {
        checkPacks(packs);
        return new Merge(packs).run();
    }

    private static void checkPacks(List<RulePack> packs) {
        List<String> problems = new ArrayList<>();
        Map<String, RulePack> byName = new HashMap<>();
        for (RulePack p : packs) {
            RulePack other = byName.putIfAbsent(p.name(), p);
            if (other != null) {
                problems.add(p.origin() + ": pack name '" + p.name() + "' is already used by " + other.origin());
            }
        }
        for (RulePack p : packs) {
            p.requires().stream().filter(r -> !byName.containsKey(r))
                    .forEach(r -> problems.add(p.origin() + ": pack '" + p.name() + "' requires pack '" + r + "', which is not loaded"));
        }
        if (problems.isEmpty()) {
            for (RulePack p : packs) {
                cycle(p.name(), byName, new ArrayList<>(), new HashSet<>()).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems.stream().distinct().toList());
        }
    }

    private static Optional<String> cycle(String name, Map<String, RulePack> byName, List<String> path, Set<String> done) {
        if (path.contains(name)) {
            List<String> loop = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            loop.add(name);
            return Optional.of(byName.get(name).origin() + ": packs require each other in a cycle: " + String.join(" -> ", loop));
        }
        if (!done.add(name)) {
            return Optional.empty();
        }
        path.add(name);
        for (String r : byName.get(name).requires()) {
            var found = cycle(r, byName, path, done);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        return Optional.empty();
    }

    /** One merge: the packs' DRL parsed, then rules replaced and disabled in pack order. */
    private static final class Merge {
        private record Defined(RulePack pack, String file, PackageDescr owner, RuleDescr descr, int index) {
        }

        private final List<RulePack> packs;
        private final List<Rule> rules = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final List<PackageDescr> descrs = new ArrayList<>();
        private final Map<String, Defined> active = new LinkedHashMap<>();
        private final Map<BaseDescr, String> files = new IdentityHashMap<>();

        Merge(List<RulePack> packs) {
            this.packs = packs;
        }

        RuleSet run() {
            for (RulePack pack : packs) {
                for (RuleSource source : pack.sources()) {
                    PackageDescr descr = parse(source);
                    if (descr != null) {
                        add(pack, source, descr);
                    }
                }
                pack.disable().forEach(name -> disable(pack, name));
            }
            if (!problems.isEmpty()) {
                throw new RuleCompilationException(problems);
            }
            return new RuleSet(packs, rules, warnings, descrs, files);
        }

        private PackageDescr parse(RuleSource source) {
            Resource resource = ResourceFactory.newByteArrayResource(source.text().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath(source.name());
            DrlParser parser = new DrlParser();
            try {
                PackageDescr descr = parser.parse(resource);
                for (DroolsError e : parser.getErrors()) {
                    problems.add(source.name() + (e.getLines().length > 0 && e.getLines()[0] > 0 ? ":" + e.getLines()[0] : "")
                            + ": " + e.getMessage().trim());
                }
                return parser.hasErrors() ? null : descr;
            } catch (DroolsParserException | IOException e) {
                problems.add(source.name() + ": " + e.getMessage());
                return null;
            }
        }

        private void add(RulePack pack, RuleSource source, PackageDescr descr) {
            descrs.add(descr);
            files.put(descr, source.name());
            descr.getRules().forEach(r -> files.put(r, source.name()));
            descr.getFunctions().forEach(f -> files.put(f, source.name()));
            descr.getTypeDeclarations().forEach(t -> files.put(t, source.name()));
            for (RuleDescr rule : List.copyOf(descr.getRules())) {
                if (pack.kernels() != null) {
                    PatternDescr kernel = new PatternDescr("dev.iommupolicy.model.KernelVersion");
                    kernel.addConstraint(new ExprConstraintDescr("matches(\"" + pack.kernels() + "\")"));
                    rule.getLhs().insertDescr(0, kernel);
                }
                String key = descr.getName() + "/" + rule.getName();
                Defined defined = new Defined(pack, source.name(), descr, rule, rules.size());
                rules.add(new Rule(pack.name(), source.name(), rule.getLine(), descr.getName(), rule.getName(), Status.ACTIVE, null));
                Defined previous = active.put(key, defined);
                if (previous == null) {
                    continue;
                }
                if (previous.pack() == pack) {
                    problems.add(source.name() + ":" + rule.getLine() + ": rule \"" + rule.getName() + "\" is defined twice in pack '"
                            + pack.name() + "' (also " + previous.file() + ":" + previous.descr().getLine() + ")");
                    continue;
                }
                previous.owner().getRules().remove(previous.descr());
                String note = "replaced by pack '" + pack.name() + "' (" + source.name() + ":" + rule.getLine() + ")";
                mark(previous, Status.REPLACED, note);
                warnings.add(source.name() + ":" + rule.getLine() + ": rule \"" + rule.getName() + "\" of pack '" + pack.name()
                        + "' replaces the one of pack '" + previous.pack().name() + "' (" + previous.file() + ":"
                        + previous.descr().getLine() + ")");
            }
        }

        private void disable(RulePack pack, String name) {
            List<String> keys = active.entrySet().stream()
                    .filter(e -> e.getValue().descr().getName().equals(name) && e.getValue().pack() != pack)
                    .map(Map.Entry::getKey).toList();
            String where = pack.origin() + "/" + RulePack.MANIFEST;
            if (keys.size() != 1) {
                problems.add(where + ": disable: " + (keys.isEmpty() ? "no other loaded pack defines a rule \"" + name + "\""
                        : "rule \"" + name + "\" is defined in several packages: " + keys));
                return;
            }
            Defined target = active.remove(keys.get(0));
            target.owner().getRules().remove(target.descr());
            mark(target, Status.DISABLED, "disabled by pack '" + pack.name() + "' (" + where + ")");
            warnings.add(where + ": pack '" + pack.name() + "' disables rule \"" + name + "\" of pack '" + target.pack().name()
                    + "' (" + target.file() + ":" + target.descr().getLine() + ")");
        }

        private void mark(Defined defined, Status status, String note) {
            Rule r = rules.get(defined.index());
            rules.set(defined.index(), new Rule(r.pack(), r.file(), r.line(), r.packageName(), r.name(), status, note));
        }
    }
}
