package dev.iommupolicy.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * A site policy the topology breaks, raised by a rule pack (e.g. "a device on vfio-pci whose group cannot
 * be claimed"). Kernel behaviour never raises one.
 *
 * @param device the device the policy is about
 * @param severity how bad
 * @param message what is wrong and why, for people
 */
public record Violation(String device, Severity severity, String message) {

    public enum Severity {
        ERROR, WARNING, INFO;

        public String label() {
            return name().toLowerCase();
        }

        public static Optional<Severity> fromLabel(String label) {
            return Arrays.stream(values()).filter(s -> s.label().equalsIgnoreCase(label)).findFirst();
        }
    }
}
