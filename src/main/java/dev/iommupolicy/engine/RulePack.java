package dev.iommupolicy.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.iommupolicy.input.InputException;
import dev.iommupolicy.model.KernelVersion;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A directory of DRL files and its manifest ({@code pack.yaml}, optional): the unit distributions and
 * sites ship. Packs apply in order; a later pack's rule with the same package and name replaces the
 * earlier one, and a manifest can disable rules by name.
 *
 * @param name unique among the loaded packs
 * @param version free text, for reports
 * @param description for people
 * @param kernels the kernel releases the pack applies to ({@link KernelVersion#matches}), or null for all;
 *     its rules do not fire for other kernels
 * @param requires names of packs that must be loaded too
 * @param disable names of rules of other packs to drop
 * @param origin where the pack was read from, as messages show it
 * @param sources its DRL files
 */
public record RulePack(String name, String version, String description, String kernels, List<String> requires,
                       List<String> disable, String origin, List<RuleSource> sources) {

    public static final String MANIFEST = "pack.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();

    public RulePack {
        requires = List.copyOf(requires);
        disable = List.copyOf(disable);
        sources = List.copyOf(sources);
    }

    /** The manifest format; unknown fields are errors. */
    static final class Manifest {
        public String apiVersion;
        public String kind;
        public String name;
        public String version;
        public String description;
        public String kernels;
        public List<String> requires = List.of();
        public List<String> disable = List.of();
    }

    /** The packs every engine starts with: {@code kernel} (mainline) and {@code kernel-legacy} (ownership up to 5.18). */
    public static List<RulePack> shipped() {
        return List.of(shippedPack("rules/kernel"), shippedPack("rules/kernel-legacy"));
    }

    /**
     * Reads the pack in {@code dir}: its manifest if there is one (else the pack is named after the
     * directory), and every {@code .drl} file below it.
     *
     * @throws InputException for a missing directory or a bad manifest, naming the file
     */
    public static RulePack load(Path dir, String label) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(label + ": not a directory");
        }
        List<RuleSource> sources = RuleSource.directory(dir, label);
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.exists(manifestFile)) {
            Path fileName = dir.toAbsolutePath().normalize().getFileName();
            return new RulePack(fileName == null ? label : fileName.toString(), null, null, null, List.of(), List.of(), label, sources);
        }
        String where = label + "/" + MANIFEST;
        Manifest m;
        try {
            m = YAML.readValue(Files.readString(manifestFile), Manifest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InputException(where + ":" + e.getLocation().getLineNr() + ": unknown field '" + e.getPropertyName()
                    + "'; known fields: apiVersion, kind, name, version, description, kernels, requires, disable");
        } catch (JsonProcessingException e) {
            throw new InputException(where + ":" + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(where + ": cannot read: " + e.getMessage());
        }
        if (m == null || !"RulePack".equals(m.kind) || m.name == null || m.name.isBlank()) {
            throw new InputException(where + ": a manifest needs 'kind: RulePack' and a 'name'");
        }
        if (m.kernels != null) {
            try {
                KernelVersion.NEWEST.matches(m.kernels);
            } catch (IllegalArgumentException e) {
                throw new InputException(where + ": kernels: " + e.getMessage());
            }
        }
        return new RulePack(m.name.trim(), m.version, m.description, m.kernels, nonNull(m.requires), nonNull(m.disable), label, sources);
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static RulePack shippedPack(String resource) {
        URL url = RulePack.class.getClassLoader().getResource(resource);
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
            return load(Path.of(uri), resource);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the shipped rule pack " + resource, e);
        }
    }

    /** This pack with one file's text replaced, e.g. to test an edit of a shipped rule file. */
    public RulePack withSource(String fileName, String text) {
        return new RulePack(name, version, description, kernels, requires, disable, origin, sources.stream()
                .map(s -> s.name().endsWith("/" + fileName) ? new RuleSource(s.name(), text) : s).toList());
    }
}
