package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.input.TopologyReader;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.model.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The driver_managed_dma list is data in one DRL file: editing it, and only it, changes verdicts. */
class ExemptDriverListTest {

    private static final Path LIST = Path.of("rules", "kernel", "driver-managed-dma.drl");
    private static final Path T02 = Path.of("fixtures", "scenarios", "t02-root-port-without-acs.yaml");

    @Test
    void removingPcieportFromTheListBlocksAGroupWithABridgeOnPcieport() throws IOException {
        Topology t02 = new TopologyReader().read(T02);
        assertThat(t02.device("0000:00:1c.0").orElseThrow().getDriver()).isEqualTo("pcieport");
        assertThat(Engines.shipped().evaluate(t02).groupOf("0000:01:00.0").orElseThrow().claim().verdict())
                .isEqualTo(Verdict.ALLOWED);

        String list = Files.readString(LIST);
        String edited = list.lines().filter(l -> !l.contains("new ExemptDriver( \"pcieport\""))
                .reduce("", (a, l) -> a + l + "\n");
        assertThat(list.lines().count() - edited.lines().count()).as("a one-line edit").isEqualTo(1);
        PolicyEngine withoutPcieport = PolicyEngine.compile(shippedWith("driver-managed-dma.drl", edited));

        var group = withoutPcieport.evaluate(t02).groupOf("0000:01:00.0").orElseThrow();
        assertThat(group.claim().verdict()).isEqualTo(Verdict.EPERM);
        assertThat(group.blockerDevices()).containsExactly("0000:00:1c.0");
    }

    @Test
    void everyListedDriverHasAFixtureThatClaimsBesideIt() throws IOException {
        Matcher m = Pattern.compile("new ExemptDriver\\( \"([^\"]+)\"").matcher(Files.readString(LIST));
        List<String> drivers = new ArrayList<>();
        while (m.find()) {
            drivers.add(m.group(1));
        }
        assertThat(drivers).contains("pcieport", "pci-stub", "vfio-pci").hasSizeGreaterThanOrEqualTo(11);
        for (String driver : drivers) {
            Path fixture = Path.of("fixtures", "ownership", "exempt-" + driver + ".yaml");
            Topology topology = new TopologyReader().read(fixture);
            assertThat(topology.devices()).as(fixture.toString()).anyMatch(d -> driver.equals(d.getDriver()));
            assertThat(topology.expectations().claims()).as(fixture.toString())
                    .anyMatch(c -> c.verdict() == Verdict.ALLOWED);
        }
    }

    private static List<RulePack> shippedWith(String fileName, String text) {
        return RulePack.shipped().stream().map(p -> p.withSource(fileName, text)).toList();
    }
}
