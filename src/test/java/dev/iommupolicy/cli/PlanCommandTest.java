package dev.iommupolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code plan} as a black box. */
class PlanCommandTest {

    private static final String DESKTOP = "fixtures/examples/desktop-gpu.yaml";

    private final CliRunner cli = new CliRunner();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void gpuAndHdaPlanMovesBothFunctionsAndLeavesTheRootPortOnPcieport() {
        assertThat(run("plan", DESKTOP, "--assign", "01:00.0")).isEqualTo(0);
        String text = cli.out();
        assertThat(text).contains("""
                  modprobe vfio-pci
                  echo vfio-pci > /sys/bus/pci/devices/0000:01:00.0/driver_override
                  echo 0000:01:00.0 > /sys/bus/pci/devices/0000:01:00.0/driver/unbind
                  echo 0000:01:00.0 > /sys/bus/pci/drivers_probe
                  echo vfio-pci > /sys/bus/pci/devices/0000:01:00.1/driver_override
                  echo 0000:01:00.1 > /sys/bus/pci/devices/0000:01:00.1/driver/unbind
                  echo 0000:01:00.1 > /sys/bus/pci/drivers_probe
                """);
        assertThat(text).contains("0000:01:00.1  snd_hda_intel -> vfio-pci")
                .contains("group of 0000:01:00.0 0000:01:00.1: claim allowed")
                .doesNotContain("00:01.0");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void hostCriticalBootDiskMakesThePlanRefuseNamingIt() {
        assertThat(run("plan", DESKTOP, "--assign", "0000:02:00.0")).isEqualTo(3);
        assertThat(cli.out()).contains("REFUSED")
                .contains("0000:02:00.0: 0000:02:00.0 is host-critical (marked critical: true in the topology)")
                .doesNotContain("echo ");
    }

    @Test
    void jsonPlanListsStepsCommandsAndTheClaimAfterwards() throws IOException {
        assertThat(run("plan", "--format", "json", DESKTOP, "--assign", "01:00.0")).isEqualTo(0);
        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertThat(doc.get("kind").asText()).isEqualTo("AssignmentPlan");
        assertThat(doc.get("refused").asBoolean()).isFalse();
        assertThat(doc.get("steps")).hasSize(2);
        assertThat(doc.get("steps").get(1).get("from").asText()).isEqualTo("snd_hda_intel");
        assertThat(doc.get("commands")).hasSize(7);
        assertThat(doc.get("groupsAfter").get(0).get("claim").asText()).isEqualTo("allowed");
    }

    @Test
    void assigningADeviceThatIsNotInTheTopologyIsAnInputError() {
        assertThat(run("plan", DESKTOP, "--assign", "0000:09:00.0")).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: desktop-gpu: cannot assign 0000:09:00.0: no such device in the topology"
                + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void assigningADeviceWithoutAGroupIsAnInputError() {
        assertThat(run("plan", "fixtures/scenarios/t43-device-excluded-from-iommu.yaml", "--assign", "00:02.0")).isEqualTo(2);
        assertThat(cli.err()).contains("cannot assign 0000:00:02.0: it has no IOMMU group");
    }

    @Test
    void aMalformedAddressIsAnInputError() {
        assertThat(run("plan", DESKTOP, "--assign", "01:00")).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: --assign: ");
    }
}
