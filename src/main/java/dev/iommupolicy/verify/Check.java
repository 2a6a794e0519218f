package dev.iommupolicy.verify;

/**
 * One expectation of a fixture and whether the rules meet it.
 *
 * @param name what is expected, unique within the fixture, e.g. {@code groups} or
 *     {@code claim of the group of 0000:01:00.0}
 * @param failure expected against derived, for people; null when the expectation holds
 */
public record Check(String name, String failure) {

    static Check pass(String name) {
        return new Check(name, null);
    }

    public boolean passed() {
        return failure == null;
    }

    @Override
    public String toString() {
        return passed() ? name + ": ok" : name + ": " + failure;
    }
}
