package dev.iommupolicy.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release as {@code uname -r} prints it ({@code 6.1.0-56-amd64}, {@code 6.12.75}, {@code 7.0}).
 * Only major.minor.patch take part in comparisons; the rest is kept for display.
 */
public record KernelVersion(int major, int minor, int patch, String text) {

    /** The newest mainline behaviour the rules describe; used when a topology names no kernel. */
    public static final KernelVersion NEWEST = new KernelVersion(7, 0, 0, "7.0");

    private static final Pattern CONSTRAINT = Pattern.compile("(>=|<=|>|<|=)?(\\d+\\.\\d+(?:\\.\\d+)?)");
    private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?([-+~.][\\w.+~-]*)?");

    public static KernelVersion parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a kernel release (expected e.g. 6.1.0-56-amd64)");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, text.trim());
    }

    /** True when this release is {@code major.minor} or later (any patch level). */
    public boolean atLeast(int major, int minor) {
        return this.major != major ? this.major > major : this.minor >= minor;
    }

    /**
     * True when this release satisfies every constraint of {@code range}: space-separated comparisons
     * such as {@code >=6.6 <6.12} ({@code >=}, {@code >}, {@code <=}, {@code <}, {@code =}; a bare
     * version means {@code =}). Patch levels count; a missing patch is 0.
     *
     * @throws IllegalArgumentException when {@code range} is malformed
     */
    public boolean matches(String range) {
        for (String constraint : range.trim().split("\\s+")) {
            Matcher m = CONSTRAINT.matcher(constraint);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + constraint + "' is not a kernel version constraint (e.g. >=5.19, <6.12)");
            }
            int c = compareTo(parse(m.group(2)));
            boolean ok = switch (m.group(1)) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                default -> c == 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major)
                : minor != o.minor ? Integer.compare(minor, o.minor) : Integer.compare(patch, o.patch);
    }

    /** True when this is exactly {@code major.minor.patch}. */
    public boolean is(int major, int minor, int patch) {
        return this.major == major && this.minor == minor && this.patch == patch;
    }

    @Override
    public String toString() {
        return text;
    }
}
