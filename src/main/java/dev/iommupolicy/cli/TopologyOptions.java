package dev.iommupolicy.cli;

import dev.iommupolicy.input.InputException;
import dev.iommupolicy.input.LspciDumpReader;
import dev.iommupolicy.input.LspciTextReader;
import dev.iommupolicy.input.SysfsReader;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.KernelVersion;
import dev.iommupolicy.model.OwnershipModel;
import dev.iommupolicy.model.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Options of the commands that judge one machine: where it is read from (a topology file, a file-system
 * root, an lspci dump), and what the input cannot say or says differently.
 */
final class TopologyOptions {

    @Parameters(paramLabel = "TOPOLOGY", arity = "0..1", description = "Topology file (YAML, format iommu-policy/v1).")
    private Path topologyFile;

    @Option(names = "--fsroot", paramLabel = "DIR",
            description = "Read the machine from a file-system root with sys/ and proc/ (default when no TOPOLOGY or --lspci "
                    + "is given: /, this machine; run as root to read ACS).")
    private Path fsroot;

    @Option(names = "--lspci", paramLabel = "FILE",
            description = "Read the machine from lspci output instead: -vvvnn text (with or without -D, -k) or -xxxx dumps.")
    private Path lspci;

    @Option(names = "--kernel", paramLabel = "VERSION",
            description = "Judge as this kernel release (e.g. 5.15.0), instead of the topology's kernel.version.")
    private String kernel;

    @Option(names = "--ownership-model", paramLabel = "MODEL",
            description = "Force the ownership model: viability (up to 5.18) or owner-count (5.19+), e.g. for a "
                    + "distribution kernel with the 5.19 series backported. Default: chosen by the rules from the kernel.")
    private String ownershipModel;

    @Option(names = "--claimed", paramLabel = "BDF",
            description = "User space (a VM, DPDK) holds the group of this device now (repeatable). sysfs cannot show it.")
    private List<String> claimed = new ArrayList<>();

    /** Reads the machine from the one source given and applies the command-line overrides to it. */
    Topology topology() {
        long sources = Stream.of(topologyFile, fsroot, lspci).filter(Objects::nonNull).count();
        if (sources > 1) {
            throw new InputException("give at most one of TOPOLOGY, --fsroot DIR or --lspci FILE");
        }
        if (sources == 0) {
            fsroot = Path.of("/");
        }
        Topology topology = topologyFile != null ? new TopologyReader().read(topologyFile)
                : fsroot != null ? new SysfsReader(fsroot).read() : readLspci(lspci);
        if (kernel != null) {
            topology = topology.withKernel(parse(() -> KernelVersion.parse(kernel), "--kernel"));
        }
        if (ownershipModel != null) {
            topology = topology.withOwnershipModel(OwnershipModel.fromYamlName(ownershipModel).orElseThrow(() ->
                    new InputException("--ownership-model '" + ownershipModel + "' is not one of viability, owner-count")));
        }
        Set<String> held = new HashSet<>();
        for (String text : claimed) {
            String bdf = parse(() -> Bdf.parse(text), "--claimed").toString();
            if (topology.device(bdf).isEmpty()) {
                throw new InputException("--claimed " + bdf + ": no such device in " + topology.name());
            }
            held.add(bdf);
        }
        return held.isEmpty() ? topology
                : topology.withDevices(d -> held.contains(d.getBdf()) ? d.withClaimedBy("user space (--claimed)") : d);
    }

    /** {@code lspci -xxxx} dumps have {@code 000: xx xx ...} lines; anything else is read as {@code -vvv} text. */
    private static Topology readLspci(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.limit(3).anyMatch(l -> l.matches("[0-9a-fA-F]{2,3}: [0-9a-fA-F]{2}( .*)?"))
                    ? new LspciDumpReader().read(file) : new LspciTextReader().read(file);
        } catch (IOException | UncheckedIOException e) {
            throw new InputException("--lspci " + file + ": cannot read: " + e.getMessage());
        }
    }

    static <T> T parse(Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(option + ": " + e.getMessage());
        }
    }
}
