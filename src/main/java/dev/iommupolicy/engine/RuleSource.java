package dev.iommupolicy.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A DRL file to compile: its text and the name messages use for it.
 *
 * @param name as shown in errors, e.g. {@code rules/kernel/acs.drl} or the path given on the command line
 * @param text the DRL
 */
public record RuleSource(String name, String text) {

    /**
     * The shipped packs, from the class path (inside the jar when packaged): {@code rules/kernel}, the
     * mainline kernel, and {@code rules/kernel-legacy}, the ownership model up to 5.18.
     */
    public static List<RuleSource> shippedPacks() {
        List<RuleSource> sources = new ArrayList<>(shippedPack("rules/kernel"));
        sources.addAll(shippedPack("rules/kernel-legacy"));
        return sources;
    }

    static List<RuleSource> shippedPack(String resource) {
        URL url = RuleSource.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("the shipped rule pack " + resource + " is missing from the class path");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // opened by an earlier call: Path.of below finds it
                }
            }
            return directory(Path.of(uri), resource);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the shipped rule pack " + resource, e);
        }
    }

    /** Every {@code .drl} file under {@code dir}, in name order; names are shown relative to {@code label}. */
    public static List<RuleSource> directory(Path dir, String label) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".drl")).sorted()
                    .map(p -> read(p, label + "/" + dir.relativize(p).toString().replace('\\', '/')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RuleSource read(Path file, String name) {
        try {
            return new RuleSource(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
