package dev.iommupolicy.cli;

/** The exit codes of every command; listed in {@code --help} and the README. */
public enum ExitCode {
    /** Ran and reported. */
    OK(0),
    /** An internal error: a bug in iommu-policy or a rule pack that broke the kernel's invariants. */
    INTERNAL_ERROR(1),
    /** Bad usage, an unreadable or invalid topology, or rules that do not compile. */
    INPUT_ERROR(2),
    /** {@code plan}: the devices cannot or must not be handed to user space. */
    REFUSED(3),
    /** {@code test}: a fixture failed, none was found, or rule coverage is below the minimum. */
    TESTS_FAILED(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
