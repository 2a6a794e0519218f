package dev.iommupolicy.engine;

import dev.iommupolicy.model.AssignRequest;
import dev.iommupolicy.model.BindRequest;
import dev.iommupolicy.model.KernelParameter;
import dev.iommupolicy.model.KernelVersion;
import dev.iommupolicy.model.OwnershipModel;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.Platform;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Finds rules of a pack that can never fire: a positive pattern on a fact type that neither the engine
 * nor any rule's consequence ever inserts. (Unknown fields and types are compile errors already.)
 */
public final class RuleLint {

    /** What the engine inserts itself before firing the rules. */
    private static final Set<String> ENGINE_FACTS = Set.of(KernelVersion.class.getSimpleName(), Platform.class.getSimpleName(),
            KernelParameter.class.getSimpleName(),
            OwnershipModel.class.getSimpleName(), PciDevice.class.getSimpleName(), BindRequest.class.getSimpleName(),
            AssignRequest.class.getSimpleName());
    private static final Pattern INSERTED = Pattern.compile("insert(?:Logical)?\\s*\\(\\s*(?:new\\s+([\\w.]+)|([A-Z]\\w*)\\.[A-Z_]+)");

    /** One finding, e.g. {@code site/x.drl:12: rule "r" can never fire: nothing inserts Foo}. */
    public record Finding(String file, int line, String rule, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": rule \"" + rule + "\" " + message;
        }
    }

    /** Findings for the rules of {@code pack} within the compiled {@code ruleSet}. */
    public List<Finding> lint(RuleSet ruleSet, String pack) {
        Set<String> inserted = new HashSet<>(ENGINE_FACTS);
        for (PackageDescr p : ruleSet.descrs()) {
            for (RuleDescr r : p.getRules()) {
                Matcher m = INSERTED.matcher(String.valueOf(r.getConsequence()));
                while (m.find()) {
                    inserted.add(simpleName(m.group(1) != null ? m.group(1) : m.group(2)));
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (PackageDescr p : ruleSet.descrs()) {
            for (RuleDescr r : p.getRules()) {
                String file = ruleSet.fileOf(r).orElse("rules");
                boolean inPack = ruleSet.rules().stream().anyMatch(x -> x.pack().equals(pack) && x.file().equals(file)
                        && x.name().equals(r.getName()));
                if (!inPack) {
                    continue;
                }
                List<String> missing = new ArrayList<>();
                positivePatterns(r.getLhs(), missing, inserted);
                missing.stream().distinct().forEach(type -> findings.add(new Finding(file, r.getLine(), r.getName(),
                        "can never fire: no rule and not the engine inserts " + type)));
            }
        }
        return findings;
    }

    private static void positivePatterns(BaseDescr descr, List<String> missing, Set<String> inserted) {
        if (descr instanceof NotDescr) {
            return;
        }
        if (descr instanceof PatternDescr p) {
            String type = simpleName(p.getObjectType());
            if (!inserted.contains(type)) {
                missing.add(type);
            }
        } else if (descr instanceof ConditionalElementDescr ce) {
            ce.getDescrs().forEach(d -> positivePatterns((BaseDescr) d, missing, inserted));
        }
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
