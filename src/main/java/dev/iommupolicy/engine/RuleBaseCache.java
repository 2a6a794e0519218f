package dev.iommupolicy.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.CodeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.core.impl.RuleBaseFactory;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.internal.builder.KnowledgeBuilder;

/**
 * Compiled rule bases on disk, so that a short CLI run loads its rule base instead of compiling the DRL
 * (about 0.2 s instead of 0.9 s on a cold JVM). An entry's name is a hash of everything that decides the
 * compiled result: every pack's manifest fields and DRL text, and this build of iommu-policy and Drools. A
 * changed rule file is therefore a miss, never a stale hit. Anything unreadable is a miss too: the cache
 * only ever saves time, and the engine compiles the DRL whenever it cannot use an entry.
 *
 * <p>An entry holds the bytecode of the DRL-declared fact types, the rule set's rules and warnings (so the
 * DRL need not even be parsed), then the Drools-serialised packages, which refer to the declared types
 * and can only be read once those are defined. Entries are Java-serialised objects:
 * the directory must be writable only by its user, as {@code ~/.cache} is.
 */
public final class RuleBaseCache {

    /** Entries kept per directory; older ones are removed when a new one is written. */
    private static final int KEEP = 8;
    private static final String SUFFIX = ".kbase";
    private static final int FORMAT = 1;

    private final Path dir;

    private RuleBaseCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in {@code dir}, created when the first entry is written. */
    public static RuleBaseCache in(Path dir) {
        return new RuleBaseCache(dir);
    }

    /** The entry name for {@code packs}: SHA-256 of their content and of this build. */
    static String key(List<RulePack> packs) {
        MessageDigest sha = sha256();
        update(sha, "format " + FORMAT, build(RuleBaseCache.class), build(KieBase.class));
        for (RulePack p : packs) {
            update(sha, "pack", p.name(), p.version(), p.kernels(), String.valueOf(p.requires()), String.valueOf(p.disable()));
            p.sources().forEach(s -> update(sha, "source", s.name(), s.text()));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The jar (or class directory) a class comes from, with its size and modification time. */
    private static String build(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            return type.getName();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return location + " " + Files.size(location) + " " + Files.getLastModifiedTime(location).toMillis();
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }

    /** A compiled rule base and the rule set it was compiled from. */
    record Entry(KieBase kieBase, RuleSet ruleSet) {
    }

    /** The rule base stored for {@code packs} under {@code key}, if there is a readable entry. */
    Optional<Entry> load(String key, List<RulePack> packs) {
        Path file = dir.resolve(key + SUFFIX);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != FORMAT || !in.readUTF().equals(key)) {
                return Optional.empty();
            }
            Map<String, byte[]> types = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                types.put(in.readUTF(), in.readNBytes(in.readInt()));
            }
            List<RuleSet.Rule> rules = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                rules.add(new RuleSet.Rule(in.readUTF(), in.readUTF(), in.readInt(), in.readUTF(), in.readUTF(),
                        RuleSet.Status.valueOf(in.readUTF()), in.readBoolean() ? in.readUTF() : null));
            }
            List<String> warnings = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                warnings.add(in.readUTF());
            }
            byte[] packages = in.readNBytes(in.readInt());
            ProjectClassLoader loader = ProjectClassLoader.createProjectClassLoader(RuleBaseCache.class.getClassLoader(), types);
            Collection<KiePackage> read;
            try (DroolsObjectInputStream objects = new DroolsObjectInputStream(new ByteArrayInputStream(packages), loader)) {
                read = castPackages(objects.readObject());
            }
            InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(RuleBaseFactory.newKnowledgeBaseConfiguration(null, loader));
            kieBase.addPackages(read);
            markUsed(file);
            return Optional.of(new Entry(kieBase, RuleSet.restored(packs, rules, warnings)));
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            return Optional.empty(); // damaged, truncated or from an incompatible build: compile instead
        }
    }

    /** Recently used entries survive pruning; a read-only cache directory is still a cache, so failing here is fine. */
    private static void markUsed(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // the entry stays usable; it may only be pruned earlier
        }
    }

    @SuppressWarnings("unchecked")
    private static Collection<KiePackage> castPackages(Object read) {
        return (Collection<KiePackage>) read;
    }

    /**
     * Writes the packages {@code builder} compiled from {@code ruleSet} as the entry for {@code key};
     * failures only cost the next run time.
     */
    void store(String key, KnowledgeBuilder builder, RuleSet ruleSet) {
        try {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, key, ".partial");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)))) {
                out.writeInt(FORMAT);
                out.writeUTF(key);
                Map<String, byte[]> types = ((ProjectClassLoader) ((KnowledgeBuilderImpl) builder).getRootClassLoader()).getStore();
                out.writeInt(types.size());
                for (Map.Entry<String, byte[]> type : types.entrySet()) {
                    out.writeUTF(type.getKey());
                    out.writeInt(type.getValue().length);
                    out.write(type.getValue());
                }
                out.writeInt(ruleSet.rules().size());
                for (RuleSet.Rule r : ruleSet.rules()) {
                    out.writeUTF(r.pack());
                    out.writeUTF(r.file());
                    out.writeInt(r.line());
                    out.writeUTF(r.packageName());
                    out.writeUTF(r.name());
                    out.writeUTF(r.status().name());
                    out.writeBoolean(r.note() != null);
                    if (r.note() != null) {
                        out.writeUTF(r.note());
                    }
                }
                out.writeInt(ruleSet.warnings().size());
                for (String w : ruleSet.warnings()) {
                    out.writeUTF(w);
                }
                ByteArrayOutputStream packages = new ByteArrayOutputStream();
                try (DroolsObjectOutputStream objects = new DroolsObjectOutputStream(packages)) {
                    objects.writeObject(new ArrayList<>(builder.getKnowledgePackages()));
                }
                out.writeInt(packages.size());
                packages.writeTo(out);
            }
            Files.move(partial, dir.resolve(key + SUFFIX), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            prune();
        } catch (IOException | RuntimeException e) {
            // an unwritable or full cache directory: the rule base is compiled again next time
        }
    }

    /** Keeps the {@value #KEEP} newest entries. */
    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(dir)) {
            entries = files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(RuleBaseCache::modified).reversed()).toList();
        }
        for (Path old : entries.subList(Math.min(KEEP, entries.size()), entries.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void update(MessageDigest sha, String... parts) {
        for (String part : parts) {
            byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            sha.update(HexFormat.of().toHexDigits(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha.update(bytes);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
