package dev.iommupolicy.verify;

/**
 * One expectation a fixture declares that the rules do not meet.
 *
 * @param expectation what was expected, e.g. {@code groups} or {@code claim of the group of 0000:01:00.0}
 * @param detail expected against derived, for people
 */
public record Mismatch(String expectation, String detail) {

    @Override
    public String toString() {
        return expectation + ": " + detail;
    }
}
