package dev.iommupolicy.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Compiled engines for tests, one per set of packs per test JVM: compiling takes about a second. */
public final class Engines {

    private static final PolicyEngine SHIPPED = PolicyEngine.compile(RulePack.shipped());
    private static final Map<List<String>, PolicyEngine> WITH_PACKS = new ConcurrentHashMap<>();

    private Engines() {
    }

    public static PolicyEngine shipped() {
        return SHIPPED;
    }

    /** The shipped packs plus the packs of {@code rules/} named {@code names}, in that order. */
    public static PolicyEngine withPacks(List<String> names) {
        if (names.isEmpty()) {
            return SHIPPED;
        }
        return WITH_PACKS.computeIfAbsent(List.copyOf(names), key -> {
            List<RulePack> packs = new ArrayList<>(RulePack.shipped());
            for (String name : key) {
                packs.add(extraPacks().stream().filter(p -> p.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no pack '" + name + "' under rules/")));
            }
            return PolicyEngine.compile(packs);
        });
    }

    /** Every pack under {@code rules/} other than the shipped ones (distribution packs, site examples). */
    public static List<RulePack> extraPacks() {
        try (Stream<Path> files = Files.walk(Path.of("rules"))) {
            return files.filter(p -> p.getFileName().toString().equals(RulePack.MANIFEST)).map(Path::getParent).sorted()
                    .filter(dir -> !dir.equals(Path.of("rules", "kernel")) && !dir.equals(Path.of("rules", "kernel-legacy")))
                    .map(dir -> RulePack.load(dir, dir.toString().replace('\\', '/'))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped packs and every extra pack together, to list every rule there is. */
    public static PolicyEngine everything() {
        return withPacks(extraPacks().stream().map(RulePack::name).toList());
    }
}
