package dev.iommupolicy.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iommupolicy.bench.GenerateTopologies;
import dev.iommupolicy.model.AcsFlag;
import dev.iommupolicy.model.PortType;
import dev.iommupolicy.model.Topology;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad topologies are refused with every problem named by file, line and device; good ones read exactly. */
class TopologyReaderTest {

    private static final String HEADER = "apiVersion: iommu-policy/v1\nkind: Topology\ndevices:\n";
    private static final String ROOT_PORT =
            "  - {bdf: \"00:1c.0\", type: root_port, vendor: \"8086\", device: \"a110\", acs: {cap: 0x5f, ctl: [SV, RR, CR, UF]}}\n";

    private static Topology read(String yaml) {
        return new TopologyReader().read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    }

    private static List<String> problems(String yaml) {
        try {
            read(yaml);
        } catch (InputException e) {
            return e.problems();
        }
        throw new AssertionError("expected the topology to be refused");
    }

    @Test
    void readsMachinesLargerThanSnakeYamlsDefaultDocumentLimit() {
        String yaml = GenerateTopologies.yaml(7, "big", 30_000);
        assertThat(yaml.length()).as("above SnakeYAML's 3 Mi code points").isGreaterThan(3 * 1024 * 1024);

        Topology topology = new TopologyReader().read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "big");

        assertThat(topology.devices()).hasSize(30_000);
        assertThat(topology.devices().stream().map(d -> d.getAddress().domain()).distinct().count())
                .as("the generator spreads a large machine over PCI domains").isGreaterThan(1);
    }

    @Test
    void readsDevicesUnquotedIdsAndHexAcsRegisters() {
        Topology t = read(HEADER + ROOT_PORT
                + "  - {bdf: 01:00.0, parent: 00:1c.0, type: endpoint, vendor: 8086, device: 0806, multifunction: true}\n");

        var port = t.device("0000:00:1c.0").orElseThrow();
        assertThat(port.getAcsCap()).isEqualTo(0x5f);
        assertThat(port.getAcsCtl()).isEqualTo(AcsFlag.SV.mask() | AcsFlag.RR.mask() | AcsFlag.CR.mask() | AcsFlag.UF.mask());
        var endpoint = t.device("0000:01:00.0").orElseThrow();
        assertThat(endpoint.getDevice()).isEqualTo(0x0806);
        assertThat(endpoint.getParent()).isEqualTo("0000:00:1c.0");
        assertThat(endpoint.getType()).isEqualTo(PortType.ENDPOINT);
        assertThat(t.devices()).extracting(d -> d.getProbeIndex()).containsExactly(0, 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown field        | {bdf: "01:00.0", parent: "00:1c.0", type: endpoint, vendor: "1", device: "2", acs_cap: 1} | t.yaml:5:
        bad BDF              | {bdf: "01:00.9", parent: "00:1c.0", type: endpoint, vendor: "1", device: "2"}             | t.yaml:5: bdf: '01:00.9' is not a PCI address
        duplicate BDF        | {bdf: "00:1c.0", type: endpoint, vendor: "1", device: "2"}                                | t.yaml:4: device 0000:00:1c.0: duplicate address
        missing parent       | {bdf: "01:00.0", parent: "00:1d.0", type: endpoint, vendor: "1", device: "2"}             | t.yaml:5: device 0000:01:00.0: parent 0000:00:1d.0 is not in the topology
        unknown type         | {bdf: "01:00.0", parent: "00:1c.0", type: gpu, vendor: "1", device: "2"}                  | t.yaml:5: device 0000:01:00.0: type 'gpu' is not one of
        unknown ACS flag     | {bdf: "01:00.0", parent: "00:1c.0", type: endpoint, vendor: "1", device: "2", acs: {cap: [XX], ctl: []}} | t.yaml:5: device 0000:01:00.0: acs.cap: unknown ACS flag 'XX'
        bad hex id           | {bdf: "01:00.0", parent: "00:1c.0", type: endpoint, vendor: "zz", device: "2"}            | t.yaml:5: device 0000:01:00.0: vendor 'zz' is not a hex number
        malformed YAML       | {bdf: "01:00.0", parent: "00:1c.0"                                                        | t.yaml:
        """)
    void refusesBadDevices(String what, String device, String message) {
        assertThat(problems(HEADER + ROOT_PORT + "  - " + device + "\n")).anySatisfy(p -> assertThat(p).startsWith(message.trim()));
    }

    @Test
    void refusesAParentThatIsNotABridge() {
        assertThat(problems(HEADER + ROOT_PORT
                + "  - {bdf: \"01:00.0\", parent: \"00:1c.0\", type: endpoint, vendor: \"1\", device: \"2\"}\n"
                + "  - {bdf: \"02:00.0\", parent: \"01:00.0\", type: endpoint, vendor: \"1\", device: \"2\"}\n"))
                .containsExactly("t.yaml:6: device 0000:02:00.0: parent 0000:01:00.0 is a endpoint, not a bridge");
    }

    @Test
    void refusesAParentCycle() {
        assertThat(problems(HEADER
                + "  - {bdf: \"01:00.0\", parent: \"02:00.0\", type: downstream_port, vendor: \"1\", device: \"2\"}\n"
                + "  - {bdf: \"02:00.0\", parent: \"01:00.0\", type: downstream_port, vendor: \"1\", device: \"2\"}\n"))
                .contains("t.yaml:4: device 0000:01:00.0: parent chain loops back to this device",
                        "t.yaml:5: device 0000:02:00.0: parent chain loops back to this device");
    }

    @Test
    void refusesExpectationsNamingAbsentDevices() {
        assertThat(problems(HEADER + ROOT_PORT + "expect:\n  groups: [[\"00:1c.0\"], [\"05:00.0\"]]\n"))
                .containsExactly("t.yaml: expect.groups names 0000:05:00.0, which is not in the topology");
    }

    @Test
    void readsOwnershipStateAndExpectations() {
        Topology t = read(HEADER + ROOT_PORT
                + "  - {bdf: \"01:00.0\", parent: \"00:1c.0\", type: endpoint, vendor: \"1\", device: \"2\", driver: vfio-pci,"
                + " claimedBy: qemu, critical: true, requireDirect: true}\n"
                + "expect:\n  ownership:\n    claims:\n      - {group: [\"00:1c.0\", \"01:00.0\"], verdict: EBUSY, blockers: [\"01:00.0\"]}\n"
                + "    binds:\n      - {device: \"01:00.0\", driver: nvme, verdict: EBUSY}\n"
                + "  plan: {assign: [\"01:00.0\"], steps: [], refusedBy: [\"01:00.0\"]}\n");
        var d = t.device("0000:01:00.0").orElseThrow();
        assertThat(d.getClaimedBy()).isEqualTo("qemu");
        assertThat(d.isCritical()).isTrue();
        assertThat(d.isRequireDirect()).isTrue();
        assertThat(t.expectations().claims().get(0).members()).containsExactlyInAnyOrder("0000:00:1c.0", "0000:01:00.0");
        assertThat(t.expectations().bindRequests()).extracting(r -> r.driver()).containsExactly("nvme");
        assertThat(t.expectations().assign()).containsExactly("0000:01:00.0");
    }

    @Test
    void refusesBadDriverNamesVerdictsAndOwnershipModels() {
        assertThat(problems("apiVersion: iommu-policy/v1\nkind: Topology\nkernel: {ownershipModel: v2}\ndevices:\n"
                + "  - {bdf: \"00:1c.0\", type: endpoint, vendor: \"1\", device: \"2\", driver: \"snd hda\"}\n"
                + "expect:\n  ownership:\n    binds:\n      - {device: \"00:1c.0\", driver: nvme, verdict: ENOENT}\n"))
                .containsExactly(
                        "t.yaml: kernel.ownershipModel 'v2' is not one of [viability, owner-count]",
                        "t.yaml: expect.ownership.binds: verdict 'ENOENT' is not one of [allowed, EPERM, EBUSY, EINVAL, BUG_ON]",
                        "t.yaml:5: device 0000:00:1c.0: driver 'snd hda' is not a driver name (letters, digits, '_', '-', '.')");
    }

    @Test
    void refusesAWrongApiVersionAndAnEmptyDeviceList() {
        assertThat(problems("apiVersion: v2\nkind: Topology\ndevices: []\n"))
                .containsExactly("t.yaml: apiVersion must be 'iommu-policy/v1', not 'v2'", "t.yaml: 'devices' is missing or empty");
    }
}
