package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.input.LspciDumpReader;
import dev.iommupolicy.input.LspciTextReader;
import dev.iommupolicy.input.SysfsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads each real Linux 6.1 machine of the shared corpus straight from its sysfs copy and from its
 * {@code lspci -xxxx} dump, and compares the derived groups with {@code groups.txt}, what the running
 * kernel formed. Independent of the fixtures.
 */
class KernelOracleTest {

    static final Path CORPUS = Path.of("..", "shared", "corpus", "kernel-oracle");

    /** Every machine state: each case's boot state and, where present, its state after the experiments. */
    static List<Path> machineStates() throws IOException {
        assertThat(CORPUS).as("the shared corpus beside the checkout").isDirectory();
        List<Path> states = new ArrayList<>();
        try (Stream<Path> cases = Files.list(CORPUS)) {
            for (Path c : cases.filter(Files::isDirectory).sorted().toList()) {
                states.add(c);
                if (Files.isDirectory(c.resolve("after-experiments"))) {
                    states.add(c.resolve("after-experiments"));
                }
            }
        }
        return states;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machineStates")
    void derivedGroupsEqualTheKernelsGroups(Path state) throws IOException {
        var evaluation = Engines.shipped().evaluate(new SysfsReader(state.resolve("fsroot")).read());

        assertThat(evaluation.partition()).isEqualTo(kernelGroups(state.resolve("groups.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machineStates")
    void groupsDerivedFromTheLspciDumpEqualTheKernelsGroups(Path state) throws IOException {
        var evaluation = Engines.shipped().evaluate(new LspciDumpReader().read(state.resolve("lspci-xxxx.txt")));

        assertThat(evaluation.partition()).isEqualTo(kernelGroups(state.resolve("groups.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithLspciText")
    void groupsDerivedFromTheLspciTextEqualTheKernelsGroups(Path state) throws IOException {
        var topology = new LspciTextReader().read(state.resolve("lspci-vvv.txt"));
        var evaluation = Engines.shipped().evaluate(topology);

        assertThat(evaluation.partition()).isEqualTo(kernelGroups(state.resolve("groups.txt")));
        assertThat(Set.copyOf(topology.expectations().groups())).as("the IOMMU group: lines").isEqualTo(evaluation.partition());
        assertThat(topology.unknowns()).isEmpty();
    }

    static List<Path> casesWithLspciText() throws IOException {
        return machineStates().stream().filter(s -> Files.exists(s.resolve("lspci-vvv.txt"))).toList();
    }

    @Test
    void theCorpusHasItsThirteenMachineStates() throws IOException {
        assertThat(machineStates()).hasSize(13);
    }

    /** {@code group<TAB>type<TAB>bdf[driver] bdf[driver]...}; comments start with #. */
    private static Set<Set<String>> kernelGroups(Path groupsTxt) throws IOException {
        Set<Set<String>> groups = new HashSet<>();
        for (String line : Files.readAllLines(groupsTxt)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String members = line.split("\t")[2];
            groups.add(Arrays.stream(members.trim().split("\\s+"))
                    .map(m -> m.substring(0, m.indexOf('['))).collect(Collectors.toSet()));
        }
        return groups;
    }
}
