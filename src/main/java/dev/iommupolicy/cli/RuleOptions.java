package dev.iommupolicy.cli;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RuleBaseCache;
import dev.iommupolicy.engine.RulePack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The rule packs every evaluating command compiles: the shipped ones, then {@code --rules} packs in order. */
final class RuleOptions {

    @Option(names = "--rules", paramLabel = "DIR",
            description = "A rule pack (a directory of .drl files, optionally with a pack.yaml manifest) applied after the "
                    + "shipped packs, in order (repeatable). A rule with the package and name of an earlier one replaces it.")
    private List<Path> ruleDirs = new ArrayList<>();

    List<RulePack> packs() {
        List<RulePack> packs = new ArrayList<>(RulePack.shipped());
        ruleDirs.forEach(dir -> packs.add(RulePack.load(dir, dir.toString())));
        return packs;
    }

    /**
     * Compiles the packs, or loads them from the rule-base cache; replacements and disablements are
     * reported on {@code err} as warnings.
     */
    PolicyEngine engine(PrintWriter err) {
        List<RulePack> packs = packs();
        PolicyEngine engine = cache(System.getenv()).map(c -> PolicyEngine.compile(packs, c))
                .orElseGet(() -> PolicyEngine.compile(packs));
        engine.ruleSet().warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return engine;
    }

    /**
     * The directory of compiled rule bases: {@code $IOMMU_POLICY_CACHE} ({@code off} disables caching),
     * else {@code $XDG_CACHE_HOME/iommu-policy}, else {@code ~/.cache/iommu-policy}.
     */
    static Optional<RuleBaseCache> cache(Map<String, String> env) {
        String configured = env.get("IOMMU_POLICY_CACHE");
        if (configured != null) {
            return configured.isBlank() || configured.equals("off") ? Optional.empty() : Optional.of(RuleBaseCache.in(Path.of(configured)));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return Optional.of(RuleBaseCache.in(base.resolve("iommu-policy")));
    }
}
