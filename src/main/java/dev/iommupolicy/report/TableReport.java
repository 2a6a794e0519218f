package dev.iommupolicy.report;

import dev.iommupolicy.engine.RuleSet;
import dev.iommupolicy.model.BindVerdict;
import dev.iommupolicy.model.ClaimBlocker;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.verify.KernelAgreement;
import java.io.PrintWriter;
import java.util.Map;

/** The human report of {@code check}: one line per function, grouped, lspci-like; then why claims fail. */
public final class TableReport {

    private static final String ROW = "%-6s %-13s %-19s %-10s %-18s %s%n";

    public void write(Evaluation evaluation, RuleSet ruleSet, PrintWriter out) {
        var topology = evaluation.topology();
        out.printf("topology %s, kernel %s%s, ownership model %s: %d IOMMU groups%n%n", topology.name(),
                topology.effectiveKernel(), topology.kernel() == null ? " (none named: newest mainline assumed)" : "",
                evaluation.ownershipModel() == null ? "none (no loaded pack covers this kernel)" : evaluation.ownershipModel(),
                evaluation.groups().size());
        out.printf(ROW, "GROUP", "BDF", "TYPE", "ID", "DRIVER", "CLAIM");
        for (IommuGroup group : evaluation.groups()) {
            String id = group.id() + (group.uncertainty().isEmpty() ? "" : "?");
            String claim = group.claim() == null ? "-" : group.claim().verdict().label();
            for (PciDevice d : group.devices()) {
                out.printf(ROW, id, d.getBdf(), d.getType(), d.getIds(), driver(d), claim);
                id = "";
                claim = "";
            }
        }
        if (!evaluation.ungrouped().isEmpty()) {
            out.printf("%nno IOMMU group (not isolated, not claimable):%n");
            for (Map.Entry<String, String> e : evaluation.ungrouped().entrySet()) {
                PciDevice d = topology.device(e.getKey()).orElseThrow();
                out.printf(ROW, "-", d.getBdf(), d.getType(), d.getIds(), driver(d), e.getValue());
            }
        }
        uncertain(evaluation, out);
        agreement(KernelAgreement.of(evaluation), out);
        blockedClaims(evaluation, out);
        binds(evaluation, out);
        if (!evaluation.violations().isEmpty()) {
            out.printf("%npolicy violations:%n");
            evaluation.violations().forEach(v -> out.printf("  %-7s %s: %s%n", v.severity().label(), v.device(), v.message()));
        }
        RuleSetReport.text(ruleSet, out);
        out.flush();
    }

    private static void uncertain(Evaluation evaluation, PrintWriter out) {
        var uncertain = evaluation.groups().stream().filter(g -> !g.uncertainty().isEmpty()).toList();
        if (uncertain.isEmpty()) {
            return;
        }
        out.printf("%nuncertain groups (marked ?): the input did not say everything they depend on:%n");
        for (IommuGroup g : uncertain) {
            out.printf("  group %d:%n", g.id());
            g.uncertainty().forEach(u -> out.printf("    - %s%n", u));
        }
    }

    private static void agreement(KernelAgreement agreement, PrintWriter out) {
        if (!agreement.compared()) {
            return;
        }
        out.printf("%nkernel agreement: %s%n", agreement.agrees() ? "the derived groups equal the kernel's"
                : "DIFFERENT from the kernel's groups (please report: a rule is missing or wrong)");
        agreement.differences().forEach(d -> out.printf("  - %s%n", d));
    }

    private static void blockedClaims(Evaluation evaluation, PrintWriter out) {
        var blocked = evaluation.groups().stream().filter(g -> g.claim() != null && !g.claim().verdict().isAllowed()).toList();
        if (blocked.isEmpty()) {
            return;
        }
        out.printf("%nwhy claims fail:%n");
        for (IommuGroup g : blocked) {
            out.printf("  group %d: %s: %s%n", g.id(), g.claim().verdict(), g.claim().reason());
            for (ClaimBlocker b : g.blockers()) {
                out.printf("    - %s%n", b.reason());
            }
        }
    }

    private static void binds(Evaluation evaluation, PrintWriter out) {
        if (evaluation.binds().isEmpty()) {
            return;
        }
        out.printf("%nbinds:%n");
        for (BindVerdict b : evaluation.binds()) {
            out.printf("  %s to %s: %s: %s%n", b.request().driver(), b.request().device(), b.verdict(), b.reason());
        }
    }

    private static String driver(PciDevice d) {
        return d.getDriver() == null ? "-" : d.getDriver();
    }
}
