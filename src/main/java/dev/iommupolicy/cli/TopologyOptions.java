package dev.iommupolicy.cli;

import dev.iommupolicy.input.InputException;
import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.KernelVersion;
import dev.iommupolicy.model.OwnershipModel;
import dev.iommupolicy.model.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Options of the commands that judge one topology: what the topology file cannot say, or says differently. */
final class TopologyOptions {

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

    /** Reads {@code file} and applies the command-line overrides to it. */
    Topology topology(Path file) {
        Topology topology = new TopologyReader().read(file);
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
                throw new InputException("--claimed " + bdf + ": no such device in " + file);
            }
            held.add(bdf);
        }
        return held.isEmpty() ? topology
                : topology.withDevices(d -> held.contains(d.getBdf()) ? d.withClaimedBy("user space (--claimed)") : d);
    }

    static <T> T parse(Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(option + ": " + e.getMessage());
        }
    }
}
