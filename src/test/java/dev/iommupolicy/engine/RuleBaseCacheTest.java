package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.verify.FixtureResult;
import dev.iommupolicy.verify.FixtureSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compiled rule base read back from disk behaves as the one the DRL compiler made, and is never stale. */
class RuleBaseCacheTest {

    @TempDir
    Path dir;

    @Test
    void aRuleBaseReadFromTheCachePassesEveryShippedFixture() {
        RuleBaseCache cache = RuleBaseCache.in(dir);
        assertThat(PolicyEngine.compile(RulePack.shipped(), cache).loadedFromCache()).isFalse();

        PolicyEngine cached = PolicyEngine.compile(RulePack.shipped(), cache);

        assertThat(cached.loadedFromCache()).isTrue();
        List<Path> fixtures = FixtureSuite.discover(List.of(Path.of("fixtures")));
        List<FixtureResult> results = new FixtureSuite(cached).run(fixtures, 2, () -> { });
        assertThat(results).hasSizeGreaterThan(100);
        assertThat(results).filteredOn(r -> r.status() == FixtureResult.Status.FAILED || r.status() == FixtureResult.Status.ERROR)
                .as("fixtures failing with the cached rule base").isEmpty();
        assertThat(cached.ruleNames()).isEqualTo(PolicyEngine.compile(RulePack.shipped()).ruleNames());
    }

    @Test
    void theRestoredRuleSetListsTheRulesAndWarningsOfTheCompiledOne() {
        List<RulePack> packs = new ArrayList<>(RulePack.shipped());
        packs.add(RulePack.load(Path.of("rules/distros/acs-override"), "rules/distros/acs-override"));
        packs.add(RulePack.load(Path.of("rules/site-examples"), "rules/site-examples"));
        RuleSet compiled = PolicyEngine.compile(packs, RuleBaseCache.in(dir)).ruleSet();

        RuleSet restored = PolicyEngine.compile(packs, RuleBaseCache.in(dir)).ruleSet();

        assertThat(restored.rules()).isEqualTo(compiled.rules());
        assertThat(restored.warnings()).isEqualTo(compiled.warnings());
        assertThat(restored.packs()).isEqualTo(compiled.packs());
    }

    @Test
    void anEditedRuleFileIsCompiledAgainAndTakesEffect() throws IOException {
        RuleBaseCache cache = RuleBaseCache.in(dir);
        PolicyEngine.compile(RulePack.shipped(), cache);
        String list = Files.readString(Path.of("rules/kernel/driver-managed-dma.drl"));
        List<RulePack> edited = RulePack.shipped().stream()
                .map(p -> p.withSource("driver-managed-dma.drl", list.replaceAll("(?m)^.*\"pcieport\".*$", ""))).toList();

        PolicyEngine engine = PolicyEngine.compile(edited, cache);

        assertThat(engine.loadedFromCache()).isFalse();
        FixtureResult t02 = new FixtureSuite(engine).run(Path.of("fixtures/scenarios/t02-root-port-without-acs.yaml"));
        assertThat(t02.status()).as("without the pcieport exemption T02's claim expectation fails").isEqualTo(FixtureResult.Status.FAILED);
        assertThat(entries()).hasSize(2);
    }

    @Test
    void aDamagedEntryIsCompiledAgainAndReplaced() throws IOException {
        RuleBaseCache cache = RuleBaseCache.in(dir);
        PolicyEngine.compile(RulePack.shipped(), cache);
        Path entry = entries().get(0);
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, Arrays.copyOf(whole, whole.length / 2));

        PolicyEngine engine = PolicyEngine.compile(RulePack.shipped(), cache);

        assertThat(engine.loadedFromCache()).isFalse();
        assertThat(new FixtureSuite(engine).run(Path.of("fixtures/scenarios/t02-root-port-without-acs.yaml")).status())
                .isEqualTo(FixtureResult.Status.PASSED);
        assertThat(Files.size(entry)).isEqualTo(whole.length);
        assertThat(PolicyEngine.compile(RulePack.shipped(), cache).loadedFromCache()).isTrue();
    }

    @Test
    void keepsTheEightMostRecentlyUsedEntries() throws IOException {
        for (int i = 0; i < 10; i++) {
            Path old = Files.writeString(dir.resolve("old-" + i + ".kbase"), "x");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }

        PolicyEngine.compile(RulePack.shipped(), RuleBaseCache.in(dir));

        assertThat(entries()).hasSize(8).noneMatch(p -> p.getFileName().toString().matches("old-[0-2]\\.kbase"));
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".kbase")).sorted().toList();
        }
    }
}
