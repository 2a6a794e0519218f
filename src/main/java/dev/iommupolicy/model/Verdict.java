package dev.iommupolicy.model;

import java.util.Arrays;
import java.util.Optional;

/** The kernel's answer to an ownership operation (a user-space claim, a driver bind): allowed, or how it fails. */
public enum Verdict {
    ALLOWED("allowed"),
    EPERM("EPERM"),
    EBUSY("EBUSY"),
    EINVAL("EINVAL"),
    /** Before 5.19 a kernel driver binding into a group in use is not refused: the kernel hits a BUG_ON after the probe. */
    BUG_ON("BUG_ON");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** As written in fixtures and reports: {@code allowed}, an errno name, or {@code BUG_ON}. */
    public String label() {
        return label;
    }

    public boolean isAllowed() {
        return this == ALLOWED;
    }

    /** The errno user space sees, or null when the operation succeeds or is not refused. */
    public String errno() {
        return this == ALLOWED || this == BUG_ON ? null : label;
    }

    public static Optional<Verdict> fromLabel(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equalsIgnoreCase(label)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
