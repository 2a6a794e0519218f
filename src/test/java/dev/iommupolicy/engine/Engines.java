package dev.iommupolicy.engine;

/** One compiled kernel pack per test JVM: compiling takes about a second. */
public final class Engines {

    private static final PolicyEngine SHIPPED = PolicyEngine.compile(RulePack.shipped());

    private Engines() {
    }

    public static PolicyEngine shipped() {
        return SHIPPED;
    }
}
