package dev.iommupolicy.verify;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which rules fired across a suite, per rule package.
 *
 * @param packages per DRL package: its rules and which of them fired
 */
public record Coverage(Map<String, PackageCoverage> packages) {

    public record PackageCoverage(List<String> rules, Set<String> fired) {

        public List<String> neverFired() {
            return rules.stream().filter(r -> !fired.contains(r)).toList();
        }

        public double percent() {
            return rules.isEmpty() ? 100.0 : 100.0 * (rules.size() - neverFired().size()) / rules.size();
        }
    }

    /** Coverage of {@code rulesByPackage} by the rules that fired in any of {@code fired}. */
    public static Coverage of(Map<String, List<String>> rulesByPackage, Collection<Set<String>> fired) {
        Set<String> all = new HashSet<>();
        fired.forEach(all::addAll);
        Map<String, PackageCoverage> packages = new TreeMap<>();
        rulesByPackage.forEach((pkg, rules) -> packages.put(pkg, new PackageCoverage(List.copyOf(rules),
                Set.copyOf(rules.stream().filter(all::contains).toList()))));
        return new Coverage(packages);
    }

    /** The share of all rules that fired, 0-100. */
    public double percent() {
        int total = packages.values().stream().mapToInt(p -> p.rules().size()).sum();
        int fired = packages.values().stream().mapToInt(p -> p.rules().size() - p.neverFired().size()).sum();
        return total == 0 ? 100.0 : 100.0 * fired / total;
    }
}
