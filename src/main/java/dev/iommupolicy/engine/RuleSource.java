package dev.iommupolicy.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A DRL file to compile: its text and the name messages use for it.
 *
 * @param name as shown in errors, e.g. {@code rules/kernel/acs.drl} or the path given on the command line
 * @param text the DRL
 */
public record RuleSource(String name, String text) {

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
