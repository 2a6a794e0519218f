package dev.iommupolicy.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iommupolicy.engine.RuleSet;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.IommuGroup;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.verify.KernelAgreement;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The machine-readable report of {@code check}, a versioned contract (docs/check-report.md). Fields are
 * only ever added within one {@code apiVersion}.
 */
public final class JsonReport {

    static final String API_VERSION = "iommu-policy/v1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    record Document(String apiVersion, String kind, TopologyInfo topology, List<Group> groups, List<Ungrouped> ungrouped,
                    List<Bind> binds, List<ViolationJson> violations, KernelAgreement kernelAgreement, RuleSetReport.Json ruleSet) {
    }

    record TopologyInfo(String name, String kernel, boolean kernelAssumed, String ownershipModel) {
    }

    record Group(int id, List<String> devices, boolean uncertain, List<String> uncertainty, Claim claim, List<Member> members) {
    }

    /** Null when no loaded rule pack decides ownership for the kernel. */
    record Claim(boolean allowed, String errno, String verdict, String reason, List<String> blockers, List<Blocker> details) {
    }

    record Blocker(String bdf, String driver, String verdict, String reason) {
    }

    record ViolationJson(String device, String severity, String message) {
    }

    record Bind(String device, String driver, boolean allowed, String errno, String verdict, String reason) {
    }

    record Member(String bdf, String type, String vendor, String device, String driver, String joins, String reason) {
    }

    record Ungrouped(String bdf, String reason) {
    }

    public void write(Evaluation evaluation, RuleSet ruleSet, PrintWriter out) {
        var topology = evaluation.topology();
        List<Group> groups = evaluation.groups().stream().map(g -> group(g, evaluation)).toList();
        List<Ungrouped> ungrouped = evaluation.ungrouped().entrySet().stream()
                .map(e -> new Ungrouped(e.getKey(), e.getValue())).toList();
        List<Bind> binds = evaluation.binds().stream().map(b -> new Bind(b.request().device(), b.request().driver(),
                b.verdict().isAllowed(), b.verdict().errno(), b.verdict().label(), b.reason())).toList();
        Document doc = new Document(API_VERSION, "CheckReport",
                new TopologyInfo(topology.name(), topology.effectiveKernel().text(), topology.kernel() == null,
                        evaluation.ownershipModel() == null ? null : evaluation.ownershipModel().yamlName()),
                groups, ungrouped, binds, evaluation.violations().stream()
                        .map(v -> new ViolationJson(v.device(), v.severity().label(), v.message())).toList(),
                KernelAgreement.of(evaluation), RuleSetReport.json(ruleSet));
        try {
            out.println(MAPPER.writeValueAsString(doc));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Group group(IommuGroup g, Evaluation evaluation) {
        List<Member> members = g.devices().stream().map(d -> member(d, evaluation)).toList();
        return new Group(g.id(), g.bdfs(), !g.uncertainty().isEmpty(), g.uncertainty(), claim(g, evaluation), members);
    }

    private static Claim claim(IommuGroup g, Evaluation evaluation) {
        if (g.claim() == null) {
            return null;
        }
        List<Blocker> details = g.blockers().stream().map(b -> new Blocker(b.device(),
                evaluation.topology().device(b.device()).orElseThrow().getDriver(), b.verdict().label(), b.reason())).toList();
        return new Claim(g.claim().verdict().isAllowed(), g.claim().verdict().errno(), g.claim().verdict().label(),
                g.claim().reason(), g.blockerDevices(), details);
    }

    private static Member member(PciDevice d, Evaluation evaluation) {
        var decision = evaluation.decisions().get(d.getBdf());
        return new Member(d.getBdf(), d.getType().yamlName(), String.format("%04x", d.getVendor()),
                String.format("%04x", d.getDevice()), d.getDriver(),
                decision.isFounding() ? null : decision.getTarget(), decision.getReason());
    }
}
