package dev.iommupolicy.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One kernel command-line parameter, as rules see it: {@code name} and {@code value} (empty for a bare
 * flag). The options of {@code pci=} are separate parameters named {@code pci.OPTION}
 * ({@code pci=noats,disable_acs_redir=0000:00:1c.0} gives {@code pci.noats} and
 * {@code pci.disable_acs_redir}), as {@code pci_setup} splits them at commas.
 */
public record KernelParameter(String name, String value) {

    /** The parameters of {@code cmdline}, in order. Double quotes group a value with spaces, as the kernel's parser does. */
    public static List<KernelParameter> parse(String cmdline) {
        List<KernelParameter> parameters = new ArrayList<>();
        for (String token : tokens(cmdline == null ? "" : cmdline)) {
            int eq = token.indexOf('=');
            String name = eq < 0 ? token : token.substring(0, eq);
            String value = eq < 0 ? "" : token.substring(eq + 1);
            if (name.equals("pci")) {
                for (String option : value.split(",")) {
                    int oeq = option.indexOf('=');
                    if (!option.isEmpty()) {
                        parameters.add(new KernelParameter("pci." + (oeq < 0 ? option : option.substring(0, oeq)),
                                oeq < 0 ? "" : option.substring(oeq + 1)));
                    }
                }
            } else {
                parameters.add(new KernelParameter(name, value));
            }
        }
        return parameters;
    }

    private static List<String> tokens(String cmdline) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : cmdline.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /** The comma-separated options of the value ({@code downstream,multifunction} gives two). */
    public List<String> options() {
        return value.isEmpty() ? List.of() : List.of(value.split(","));
    }
}
