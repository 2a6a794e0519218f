package dev.iommupolicy.cli;

import dev.iommupolicy.engine.PolicyEngine;
import dev.iommupolicy.engine.RuleSource;
import dev.iommupolicy.input.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The rule packs every evaluating command compiles: the shipped ones and {@code --rules} directories. */
final class RuleOptions {

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Directory of extra .drl rules compiled together with the shipped packs (repeatable).")
    private List<Path> ruleDirs = new ArrayList<>();

    PolicyEngine engine() {
        List<RuleSource> sources = new ArrayList<>(RuleSource.shippedPacks());
        for (Path dir : ruleDirs) {
            if (!Files.isDirectory(dir)) {
                throw new InputException("--rules " + dir + ": not a directory");
            }
            sources.addAll(RuleSource.directory(dir, dir.toString()));
        }
        return PolicyEngine.compile(sources);
    }
}
