package dev.iommupolicy.verify;

import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.IommuGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes an evaluation's results as a fixture's {@code expect:} block, so that a known-good machine
 * becomes a regression fixture in one step. The rest of the file is kept as written.
 */
public final class ExpectationWriter {

    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("^[^\\s#-][^:]*:.*");

    /** True when {@code text} has a top-level {@code expect:} block. */
    public static boolean hasExpectations(String text) {
        return text.lines().anyMatch(l -> l.startsWith("expect:"));
    }

    /** {@code text} with its {@code expect:} block (if any) replaced by the results of {@code evaluation}. */
    public String withExpectations(String text, Evaluation evaluation) {
        StringBuilder out = new StringBuilder();
        boolean inExpect = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith("expect:")) {
                inExpect = true;
            } else if (inExpect && TOP_LEVEL_KEY.matcher(line).matches()) {
                inExpect = false;
            }
            if (!inExpect) {
                out.append(line).append('\n');
            }
        }
        return out.toString().stripTrailing() + "\n" + block(evaluation);
    }

    private static String block(Evaluation evaluation) {
        List<String> lines = new ArrayList<>();
        lines.add("expect:");
        lines.add("  groups:");
        evaluation.groups().forEach(g -> lines.add("    - " + quoted(g.bdfs())));
        List<IommuGroup> decided = evaluation.groups().stream().filter(g -> g.claim() != null).toList();
        if (!decided.isEmpty()) {
            lines.add("  ownership:");
            lines.add("    claims:");
            for (IommuGroup g : decided) {
                lines.add("      - {device: \"" + g.bdfs().get(0) + "\", verdict: " + g.claim().verdict().label()
                        + ", blockers: " + quoted(g.blockerDevices()) + "}");
            }
        }
        if (!evaluation.violations().isEmpty()) {
            lines.add("  violations:");
            evaluation.violations().forEach(v -> lines.add("    - {device: \"" + v.device() + "\", severity: " + v.severity().label() + "}"));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String quoted(List<String> bdfs) {
        return bdfs.stream().map(b -> "\"" + b + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
