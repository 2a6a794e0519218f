package dev.iommupolicy.report;

import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.PciDevice;
import java.io.PrintWriter;
import java.util.Map;

/** The human report of {@code check}: one line per function, grouped, lspci-like. */
public final class TableReport {

    private static final String ROW = "%-6s %-13s %-19s %-10s %s%n";

    public void write(Evaluation evaluation, PrintWriter out) {
        var topology = evaluation.topology();
        out.printf("topology %s, kernel %s%s: %d IOMMU groups%n%n", topology.name(), topology.effectiveKernel(),
                topology.kernel() == null ? " (none named: newest mainline assumed)" : "", evaluation.groups().size());
        out.printf(ROW, "GROUP", "BDF", "TYPE", "ID", "DRIVER");
        for (IommuGroup group : evaluation.groups()) {
            String id = String.valueOf(group.id());
            for (PciDevice d : group.devices()) {
                out.printf(ROW, id, d.getBdf(), d.getType(), d.getIds(), driver(d));
                id = "";
            }
        }
        if (!evaluation.ungrouped().isEmpty()) {
            out.printf("%nno IOMMU group:%n");
            for (Map.Entry<String, String> e : evaluation.ungrouped().entrySet()) {
                PciDevice d = topology.device(e.getKey()).orElseThrow();
                out.printf(ROW, "-", d.getBdf(), d.getType(), d.getIds(), driver(d) + "  (" + e.getValue() + ")");
            }
        }
        out.flush();
    }

    private static String driver(PciDevice d) {
        return d.getDriver() == null ? "-" : d.getDriver();
    }
}
