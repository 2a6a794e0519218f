package dev.iommupolicy.engine;

/** The rules reached a result the kernel cannot produce (a device in two groups, or in none): a rule-pack bug. */
public class RuleResultException extends RuntimeException {
    public RuleResultException(String message) {
        super(message);
    }
}
