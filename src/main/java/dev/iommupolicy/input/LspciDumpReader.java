package dev.iommupolicy.input;

import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code lspci -xxxx} (with or without {@code -D}): per function a header line that starts with its
 * address, then hex lines {@code OFF: xx xx ...} of its configuration space, decoded as sysfs
 * {@code config} is. The tree comes from the bridges' secondary bus numbers, SR-IOV virtual functions from
 * their physical function's SR-IOV capability. Dumps carry no drivers: every function reads as unbound.
 */
public final class LspciDumpReader {

    private static final Pattern HEADER = Pattern.compile("((?:[0-9a-fA-F]{4,5}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7])(?:\\s.*)?");
    private static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2,3}):((?: [0-9a-fA-F]{2}){1,16})\\s*");
    private static final Pattern IDS = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{4})");

    /** One function's dump as read. */
    private record Dump(Bdf bdf, int line, String header, ConfigSpace config) {
    }

    public Topology read(Path file) {
        return TopologyReader.fromDocument(document(file.toString(), TextFiles.lines(file)), file.toString());
    }

    private static TopologyDocument document(String source, List<String> lines) {
        List<String> problems = new ArrayList<>();
        List<Dump> dumps = parse(source, lines, problems);
        if (dumps.isEmpty() && problems.isEmpty()) {
            problems.add(source + ": no function found (expected the output of lspci -xxxx)");
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        Map<String, Dump> byBdf = new LinkedHashMap<>();
        dumps.forEach(d -> byBdf.put(d.bdf().toString(), d));
        Map<String, String> physfn = virtualFunctions(dumps);
        Map<String, String> bridgeOfBus = new HashMap<>();
        for (Dump d : dumps) {
            int secondary = d.config().secondaryBus();
            if (secondary > 0) {
                bridgeOfBus.putIfAbsent(new Bdf(d.bdf().domain(), secondary, 0, 0).busId(), d.bdf().toString());
            }
        }
        TopologyDocument doc = TopologyDocument.named(Path.of(source).getFileName().toString().replaceFirst("\\.txt$", ""),
                "read from lspci -xxxx output " + source);
        for (Dump d : dumps) {
            String pf = physfn.get(d.bdf().toString());
            doc.devices.add(device(d, pf == null ? null : byBdf.get(pf), pf, bridgeOfBus));
        }
        return doc;
    }

    private static List<Dump> parse(String source, List<String> lines, List<String> problems) {
        List<Dump> dumps = new ArrayList<>();
        Bdf bdf = null;
        String header = null;
        int start = 0;
        byte[] bytes = new byte[0x1000];
        int next = 0;
        boolean broken = false;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i).stripTrailing() : null;
            Matcher hex = line == null ? null : HEX.matcher(line);
            if (hex != null && hex.matches()) {
                if (broken) {
                    continue;
                }
                if (bdf == null) {
                    problems.add(source + ":" + (i + 1) + ": hex line before any function header");
                    continue;
                }
                int offset = Integer.parseInt(hex.group(1), 16);
                String[] values = hex.group(2).trim().split(" ");
                if (offset != next || offset + values.length > bytes.length) {
                    problems.add(source + ":" + (i + 1) + ": device " + bdf + ": expected offset " + Integer.toHexString(next)
                            + ", found " + hex.group(1) + " (missing or reordered lines)");
                    bdf = null;
                    broken = true;
                    continue;
                }
                for (String v : values) {
                    bytes[next++] = (byte) Integer.parseInt(v, 16);
                }
                continue;
            }
            if (bdf != null) {
                dumps.add(finish(source, bdf, start, header, bytes, next, problems));
                bdf = null;
            }
            if (line == null || line.isBlank()) {
                continue;
            }
            Matcher h = HEADER.matcher(line);
            if (!h.matches()) {
                problems.add(source + ":" + (i + 1) + ": neither a function header nor a hex line: '" + line + "'");
                continue;
            }
            bdf = Bdf.parse(h.group(1));
            broken = false;
            header = line;
            start = i + 1;
            bytes = new byte[0x1000];
            next = 0;
        }
        dumps.removeIf(d -> d == null);
        return dumps;
    }

    private static Dump finish(String source, Bdf bdf, int line, String header, byte[] bytes, int length, List<String> problems) {
        if (length < 0x100) {
            problems.add(source + ":" + line + ": device " + bdf + ": only " + length + " bytes of config space (lspci -xxxx as root shows 4096)");
            return null;
        }
        byte[] config = new byte[length];
        System.arraycopy(bytes, 0, config, 0, length);
        ConfigSpace space = new ConfigSpace(config);
        if (space.allOnes()) {
            problems.add(source + ":" + line + ": device " + bdf + ": config space reads all 0xff: the device does not respond");
            return null;
        }
        return new Dump(bdf, line, header, space);
    }

    /** VF address -> PF address, from each PF's SR-IOV capability (routing ID = PF + offset + stride * n). */
    private static Map<String, String> virtualFunctions(List<Dump> dumps) {
        Map<String, String> physfn = new HashMap<>();
        for (Dump pf : dumps) {
            pf.config().sriov().ifPresent(vfs -> pf.bdf().virtualFunctions(vfs[0], vfs[1], vfs[2])
                    .forEach(vf -> physfn.put(vf.toString(), pf.bdf().toString())));
        }
        return physfn;
    }

    private static TopologyDocument.DeviceSpec device(Dump d, Dump pf, String pfBdf, Map<String, String> bridgeOfBus) {
        ConfigSpace c = d.config();
        TopologyDocument.DeviceSpec spec = new TopologyDocument.DeviceSpec();
        spec.bdf = d.bdf().toString();
        spec.line = d.line();
        spec.type = c.portType().yamlName();
        int vendor = c.vendor();
        int device = c.device();
        if (vendor == 0xffff) {
            // a VF reads 0xffff: take the IDs lspci printed, else the PF's vendor and VF device ID
            Matcher ids = IDS.matcher(d.header().substring(d.bdf().toString().length()));
            int[] found = null;
            while (ids.find()) {
                found = new int[] {Integer.parseInt(ids.group(1), 16), Integer.parseInt(ids.group(2), 16)};
            }
            vendor = found != null ? found[0] : pf != null ? pf.config().vendor() : vendor;
            device = found != null ? found[1] : device;
        }
        spec.vendor = String.format("%04x", vendor);
        spec.device = String.format("%04x", device);
        spec.classCode = String.format("%06x", c.classCode());
        int[] subsystem = c.subsystem();
        if (subsystem[0] != 0) {
            spec.subsystemVendor = String.format("%04x", subsystem[0]);
            spec.subsystemDevice = String.format("%04x", subsystem[1]);
        }
        spec.multifunction = c.multifunction() && pfBdf == null ? Boolean.TRUE : null;
        c.acs().ifPresent(regs -> spec.acs = TopologyDocument.Acs.of(regs[0], regs[1]));
        spec.physfn = pfBdf;
        Bdf parentOf = pfBdf == null ? d.bdf() : Bdf.parse(pfBdf);
        spec.parent = bridgeOfBus.get(parentOf.busId());
        return spec;
    }
}
