package dev.iommupolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iommupolicy.input.SysfsReader;
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.BindRequest;
import dev.iommupolicy.model.Evaluation;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.Questions;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.model.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every ownership experiment a real Linux 6.1 kernel ran in the shared corpus
 * ({@code kernel-oracle/*}/ownership.txt): each VFIO claim ({@code group_set_container}, or the second
 * {@code open} of a held group) and each driver bind, in the driver state the log shows at that moment,
 * and compares the rules' verdict with the kernel's answer.
 */
class KernelOwnershipTest {

    private static final Pattern MEMBERS = Pattern.compile("\\s*(?:\\+ vfiotest (?:probe|hold) group \\d+ .*|HOLD begin.*)");
    private static final Pattern DRIVER_STATE = Pattern.compile("\\s*(?:member|result:|state:) (\\S+) driver=(\\S+).*");
    private static final Pattern MEMBER = Pattern.compile("\\s*member (\\S+) driver=\\S+");
    private static final Pattern CLAIM = Pattern.compile("\\s*STEP (group_set_container|open_group) rc=(-?\\d+) errno=(\\d+).*");
    private static final Pattern BIND_INTENT = Pattern.compile("\\s*\\+ bind (\\S+) to (\\S+) via .*");
    private static final Pattern UNBIND = Pattern.compile("\\s*-> echo (\\S+) > /sys/bus/pci/devices/\\S+/driver/unbind : OK");
    private static final Pattern BIND = Pattern.compile(
            "\\s*-> echo (\\S+) > /sys/bus/pci/(?:drivers/(\\S+)/bind|drivers_probe) : (OK|FAILED: (.*))");

    /** One answer of the real kernel, with the machine state it was given in. */
    record Observation(String where, Topology state, String device, BindRequest bind, Verdict kernel) {
    }

    static List<Path> casesWithExperiments() throws IOException {
        try (Stream<Path> cases = Files.list(KernelOracleTest.CORPUS)) {
            return cases.filter(c -> Files.exists(c.resolve("ownership.txt"))).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithExperiments")
    void verdictsEqualTheKernelsAnswers(Path kernelCase) throws IOException {
        List<Observation> observations = replay(kernelCase);
        assertThat(observations).as("experiments found in " + kernelCase).hasSizeGreaterThanOrEqualTo(3);

        for (Observation o : observations) {
            Questions questions = new Questions(o.bind() == null ? List.of() : List.of(o.bind()), List.of());
            Evaluation evaluation = Engines.shipped().evaluate(o.state(), questions);
            Verdict derived = o.bind() == null
                    ? evaluation.groupOf(o.device()).orElseThrow().claim().verdict()
                    : evaluation.binds().get(0).verdict();
            assertThat(derived).as(o.where()).isEqualTo(o.kernel());
        }
    }

    @Test
    void theCorpusHasFourCasesWithExperiments() throws IOException {
        assertThat(casesWithExperiments()).hasSize(4);
        int total = 0;
        for (Path c : casesWithExperiments()) {
            total += replay(c).size();
        }
        assertThat(total).as("claims and binds replayed: every one in the four logs").isEqualTo(41);
    }

    /** Walks the log, tracking each device's driver and whether the probing process holds the group. */
    private static List<Observation> replay(Path kernelCase) throws IOException {
        Path after = kernelCase.resolve("after-experiments").resolve("fsroot");
        Topology machine = new SysfsReader(Files.isDirectory(after) ? after : kernelCase.resolve("fsroot")).read();
        Topology boot = new SysfsReader(kernelCase.resolve("fsroot")).read();
        Map<String, String> bootDriver = new HashMap<>();
        boot.devices().forEach(d -> bootDriver.put(d.getBdf(), d.getDriver()));
        Map<String, String> driver = new HashMap<>(bootDriver);

        List<Observation> observations = new ArrayList<>();
        List<String> members = new ArrayList<>();
        boolean listing = false;
        String holder = null;
        String pendingDevice = null;
        String pendingDriver = null;
        List<String> lines = Files.readAllLines(kernelCase.resolve("ownership.txt"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = kernelCase.getFileName() + "/ownership.txt:" + (i + 1) + ": " + line.trim();
            Matcher m;
            if (MEMBERS.matcher(line).matches()) {
                listing = false;
                if (line.trim().startsWith("HOLD begin")) {
                    holder = members.get(0);
                }
            } else if ((m = MEMBER.matcher(line)).matches()) {
                if (!listing) {
                    members.clear();
                    listing = true;
                }
                members.add(Bdf.parse(m.group(1)).toString());
            }
            if (line.trim().startsWith("HOLD end")) {
                holder = null;
            }
            if ((m = DRIVER_STATE.matcher(line)).matches()) {
                driver.put(Bdf.parse(m.group(1)).toString(), "none".equals(m.group(2)) ? null : m.group(2));
            } else if ((m = CLAIM.matcher(line)).matches()) {
                boolean secondOpen = m.group(1).equals("open_group") && !m.group(2).equals("-1");
                if (!secondOpen && (m.group(1).equals("group_set_container") || holder != null)) {
                    Verdict kernel = errno(Integer.parseInt(m.group(3)));
                    boolean ownProbe = m.group(1).equals("group_set_container") && kernel.isAllowed() && holder == null;
                    String heldBy = ownProbe || holder == null ? null : holder;
                    observations.add(new Observation(where, state(machine, driver, heldBy), members.get(0), null, kernel));
                }
            } else if ((m = BIND_INTENT.matcher(line)).matches()) {
                pendingDevice = Bdf.parse(m.group(1)).toString();
                pendingDriver = m.group(2);
            } else if ((m = UNBIND.matcher(line)).matches()) {
                driver.put(Bdf.parse(m.group(1)).toString(), null);
            } else if ((m = BIND.matcher(line)).matches()) {
                String device = Bdf.parse(m.group(1)).toString();
                String target = m.group(2) != null ? m.group(2)
                        : device.equals(pendingDevice) ? pendingDriver : bootDriver.get(device);
                Verdict kernel = bindAnswer(m.group(3).equals("OK") ? null : m.group(4), m.group(2) == null);
                observations.add(new Observation(where, state(machine, driver, holder), device,
                        new BindRequest(device, target), kernel));
                if (kernel.isAllowed()) {
                    driver.put(device, target);
                }
                pendingDevice = null;
            }
        }
        return observations;
    }

    /**
     * What a failed sysfs write says about ownership. really_probe() returns a dma_configure() error
     * (EBUSY) as is, but turns a failure of the driver's own probe into success, which bind_store()
     * reports as ENODEV: ownership let that bind through. drivers_probe reports any failed attach as
     * EINVAL (bus_rescan_devices_helper).
     */
    private static Verdict bindAnswer(String failure, boolean viaDriversProbe) {
        if (failure == null || failure.equals("No such device")) {
            return Verdict.ALLOWED;
        }
        if (failure.equals("Device or resource busy") || viaDriversProbe && failure.equals("Invalid argument")) {
            return Verdict.EBUSY;
        }
        throw new IllegalArgumentException("'" + failure + "' is not an answer of the ownership checks");
    }

    private static Verdict errno(int errno) {
        return switch (errno) {
            case 0 -> Verdict.ALLOWED;
            case 1 -> Verdict.EPERM;
            case 16 -> Verdict.EBUSY;
            case 22 -> Verdict.EINVAL;
            default -> throw new IllegalArgumentException("errno " + errno + " is not an ownership answer");
        };
    }

    private static Topology state(Topology machine, Map<String, String> driver, String holder) {
        Set<String> known = driver.keySet();
        return machine.withDevices(d -> {
            PciDevice changed = known.contains(d.getBdf()) ? d.withDriver(driver.get(d.getBdf())) : d.withDriver(null);
            return changed.withClaimedBy(d.getBdf().equals(holder) ? "vfiotest" : null);
        });
    }
}
