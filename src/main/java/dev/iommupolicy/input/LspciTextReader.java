package dev.iommupolicy.input;

import dev.iommupolicy.model.AcsFlag;
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.PortType;
import dev.iommupolicy.model.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code lspci -vvvnn} text, with or without {@code -D} and {@code -k} (kernel-semantics.md 8.4):
 * the tree from bridges' {@code Bus:} lines, the port type from the {@code Express} capability, ACS from
 * {@code ACSCap}/{@code ACSCtl}, the driver from {@code Kernel driver in use}, multifunction from several
 * functions in one slot, VFs from their PF's SR-IOV capability. {@code IOMMU group:} lines are the
 * kernel's answer and become the expectation, never input. What the text does not say (non-root output
 * shows {@code Capabilities: <access denied>}) is guessed and recorded as unknown, so groups that rest on
 * it are reported as uncertain.
 */
public final class LspciTextReader {

    private static final Pattern HEADER = Pattern.compile("((?:[0-9a-fA-F]{4,5}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]) (.*)");
    private static final Pattern CLASS = Pattern.compile("\\[([0-9a-fA-F]{4})\\]:");
    private static final Pattern IDS = Pattern.compile("\\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\]");
    private static final Pattern PROG_IF = Pattern.compile("\\(prog-if ([0-9a-fA-F]{2})");
    private static final Pattern BUS = Pattern.compile("Bus: primary=([0-9a-fA-F]{2}), secondary=([0-9a-fA-F]{2}), subordinate=([0-9a-fA-F]{2})");
    private static final Pattern EXPRESS = Pattern.compile("Capabilities: \\[[0-9a-fA-F]+\\] Express \\(v\\d\\) (.+?)(?: \\(Slot[+-]\\))?, (?:MSI|IntMsgNum) .*");
    private static final Pattern ACS = Pattern.compile("ACS(Cap|Ctl):\\s*(.*)");
    private static final Pattern FLAG = Pattern.compile("(\\w+)([+-])");
    private static final Pattern VF_COUNT = Pattern.compile("Number of VFs: (\\d+)");
    private static final Pattern VF_LAYOUT = Pattern.compile("VF offset: (\\d+), stride: (\\d+), Device ID: ([0-9a-fA-F]{4})");
    private static final Map<String, PortType> EXPRESS_TYPES = Map.of(
            "Root Port", PortType.ROOT_PORT, "Upstream Port", PortType.UPSTREAM_PORT, "Downstream Port", PortType.DOWNSTREAM_PORT,
            "Endpoint", PortType.ENDPOINT, "Legacy Endpoint", PortType.LEGACY_ENDPOINT,
            "Root Complex Integrated Endpoint", PortType.RC_ENDPOINT, "Root Complex Event Collector", PortType.RC_EVENT_COLLECTOR,
            "PCI-Express to PCI/PCI-X Bridge", PortType.PCIE_TO_PCI_BRIDGE, "PCI/PCI-X Bridge", PortType.PCIE_TO_PCI_BRIDGE,
            "PCI/PCI-X to PCI-Express Bridge", PortType.PCI_TO_PCIE_BRIDGE);
    private static final Map<String, Integer> ACS_NAMES = Map.of("SrcValid", AcsFlag.SV.mask(), "TransBlk", AcsFlag.TB.mask(),
            "ReqRedir", AcsFlag.RR.mask(), "CmpltRedir", AcsFlag.CR.mask(), "UpstreamFwd", AcsFlag.UF.mask(),
            "EgressCtrl", AcsFlag.EC.mask(), "DirectTrans", AcsFlag.DT.mask());

    /** What one device block says. */
    private static final class Block {
        Bdf bdf;
        int line;
        int classCode;
        int vendor = -1;
        int device = -1;
        int subsystemVendor;
        int subsystemDevice;
        int secondary = -1;
        PortType express;
        String expressName;
        boolean accessDenied;
        Integer acsCap;
        Integer acsCtl;
        String driver;
        String iommuGroup;
        int vfCount;
        int[] vfLayout;
        final List<String> unknown = new ArrayList<>();
    }

    public Topology read(Path file) {
        String source = file.toString();
        List<Block> blocks = parse(TextFiles.lines(file));
        if (blocks.isEmpty()) {
            throw new InputException(source + ": no device found (expected the output of lspci -vvvnn)");
        }
        return TopologyReader.fromDocument(document(source, blocks), source);
    }

    private static List<Block> parse(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        Block current = null;
        boolean inSriov = false;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            Matcher header = HEADER.matcher(raw);
            if (header.matches()) {
                current = header(header, i + 1);
                blocks.add(current);
                inSriov = false;
                continue;
            }
            if (current == null || raw.isBlank()) {
                continue; // text before the first device; blank lines inside a block
            }
            if (!raw.startsWith("\t")) {
                // e.g. "pcilib: sysfs_read_vpd: read failed" spliced into a line by stderr
                current.unknown.add("line " + (i + 1) + ": text lspci did not write as a field, ignored: '" + raw.trim() + "'");
                continue;
            }
            String line = raw.trim();
            if (line.startsWith("Capabilities:")) {
                inSriov = line.contains("Single Root I/O Virtualization");
                if (line.contains("<access denied>")) {
                    current.accessDenied = true;
                }
                Matcher express = EXPRESS.matcher(line);
                if (express.matches()) {
                    current.expressName = express.group(1);
                    current.express = EXPRESS_TYPES.get(express.group(1));
                }
            }
            attribute(current, line, inSriov);
        }
        return blocks;
    }

    private static Block header(Matcher header, int line) {
        Block b = new Block();
        b.bdf = Bdf.parse(header.group(1));
        b.line = line;
        String rest = header.group(2);
        Matcher cls = CLASS.matcher(rest);
        if (cls.find()) {
            Matcher progIf = PROG_IF.matcher(rest);
            b.classCode = Integer.parseInt(cls.group(1), 16) << 8 | (progIf.find() ? Integer.parseInt(progIf.group(1), 16) : 0);
        } else {
            b.unknown.add("class code missing from the header (run lspci with -nn)");
        }
        Matcher ids = IDS.matcher(rest);
        while (ids.find()) {
            b.vendor = Integer.parseInt(ids.group(1), 16);
            b.device = Integer.parseInt(ids.group(2), 16);
        }
        if (b.vendor < 0) {
            b.unknown.add("vendor and device IDs missing from the header (name truncated, or lspci without -nn): quirks by ID cannot apply");
        }
        return b;
    }

    private static void attribute(Block b, String line, boolean inSriov) {
        Matcher m;
        if (line.startsWith("Subsystem:") && (m = IDS.matcher(line)).find()) {
            b.subsystemVendor = Integer.parseInt(m.group(1), 16);
            b.subsystemDevice = Integer.parseInt(m.group(2), 16);
        } else if ((m = BUS.matcher(line)).find()) {
            b.secondary = Integer.parseInt(m.group(2), 16);
        } else if ((m = ACS.matcher(line)).matches()) {
            int value = 0;
            Matcher flag = FLAG.matcher(m.group(2));
            while (flag.find()) {
                if (flag.group(2).equals("+")) {
                    value |= ACS_NAMES.getOrDefault(flag.group(1), 0);
                }
            }
            if (m.group(1).equals("Cap")) {
                b.acsCap = value;
            } else {
                b.acsCtl = value;
            }
        } else if (line.startsWith("Kernel driver in use:")) {
            b.driver = line.substring("Kernel driver in use:".length()).trim();
        } else if (line.startsWith("IOMMU group:")) {
            b.iommuGroup = line.substring("IOMMU group:".length()).trim();
        } else if (inSriov && (m = VF_COUNT.matcher(line)).find()) {
            b.vfCount = Integer.parseInt(m.group(1));
        } else if (inSriov && (m = VF_LAYOUT.matcher(line)).find()) {
            b.vfLayout = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3), 16)};
        }
    }

    private static TopologyDocument document(String source, List<Block> blocks) {
        Map<String, Block> byBdf = new LinkedHashMap<>();
        blocks.forEach(b -> byBdf.putIfAbsent(b.bdf.toString(), b));
        Map<String, String> bridgeOfBus = new HashMap<>();
        byBdf.values().stream().filter(b -> b.secondary > 0)
                .forEach(b -> bridgeOfBus.putIfAbsent(new Bdf(b.bdf.domain(), b.secondary, 0, 0).busId(), b.bdf.toString()));
        Map<String, String> physfn = new HashMap<>();
        for (Block pf : byBdf.values()) {
            if (pf.vfLayout != null) {
                pf.bdf.virtualFunctions(pf.vfCount, pf.vfLayout[0], pf.vfLayout[1])
                        .forEach(vf -> physfn.put(vf.toString(), pf.bdf.toString()));
            }
        }
        Map<String, Long> functionsInSlot = new HashMap<>();
        byBdf.values().stream().filter(b -> !physfn.containsKey(b.bdf.toString()))
                .forEach(b -> functionsInSlot.merge(slot(b.bdf), 1L, Long::sum));

        TopologyDocument doc = TopologyDocument.named(Path.of(source).getFileName().toString().replaceFirst("\\.txt$", ""),
                "read from lspci -vvvnn output " + source);
        Map<String, PortType> types = new HashMap<>();
        Map<String, List<String>> groups = new TreeMap<>();
        for (Block b : byBdf.values().stream().sorted((x, y) -> x.bdf.compareTo(y.bdf)).toList()) {
            String pf = physfn.get(b.bdf.toString());
            String parent = bridgeOfBus.get((pf == null ? b.bdf : Bdf.parse(pf)).busId());
            TopologyDocument.DeviceSpec spec = new TopologyDocument.DeviceSpec();
            spec.bdf = b.bdf.toString();
            spec.line = b.line;
            spec.parent = parent;
            PortType type = type(b, parent == null ? null : types.get(parent));
            types.put(spec.bdf, type);
            spec.type = type.yamlName();
            spec.vendor = String.format("%04x", b.vendor < 0 ? 0xffff : b.vendor);
            spec.device = String.format("%04x", b.device < 0 ? 0xffff : b.device);
            spec.classCode = String.format("%06x", b.classCode);
            if (b.subsystemVendor != 0) {
                spec.subsystemVendor = String.format("%04x", b.subsystemVendor);
                spec.subsystemDevice = String.format("%04x", b.subsystemDevice);
            }
            spec.multifunction = pf == null && functionsInSlot.getOrDefault(slot(b.bdf), 0L) > 1 ? Boolean.TRUE : null;
            if (b.acsCap != null && b.acsCtl != null) {
                spec.acs = TopologyDocument.Acs.of(b.acsCap, b.acsCtl);
            }
            spec.driver = b.driver;
            spec.physfn = pf;
            spec.unknown = b.unknown.isEmpty() ? null : b.unknown;
            doc.devices.add(spec);
            if (b.iommuGroup != null) {
                groups.computeIfAbsent(b.iommuGroup, k -> new ArrayList<>()).add(spec.bdf);
            }
        }
        if (!groups.isEmpty()) {
            doc.expect = new TopologyDocument.Expect();
            doc.expect.groups = new ArrayList<>(groups.values());
            doc.expect.groupsFrom = "kernel";
        }
        return doc;
    }

    /**
     * The port type: from the Express capability; without one, a conventional device or bridge; when the
     * capabilities are hidden (non-root), a guess from the tree, recorded as unknown.
     */
    private static PortType type(Block b, PortType parentType) {
        boolean bridge = b.secondary >= 0;
        if (b.express != null) {
            return b.express;
        }
        if (b.expressName != null) {
            b.unknown.add("unknown PCI Express type '" + b.expressName + "': read as an endpoint");
            return bridge ? PortType.PCI_BRIDGE : PortType.ENDPOINT;
        }
        if (!b.accessDenied) {
            return bridge ? PortType.PCI_BRIDGE : PortType.PCI_DEVICE;
        }
        PortType guess;
        if (bridge) {
            guess = parentType == null ? PortType.ROOT_PORT
                    : parentType == PortType.UPSTREAM_PORT ? PortType.DOWNSTREAM_PORT : PortType.UPSTREAM_PORT;
        } else {
            guess = parentType == null ? PortType.RC_ENDPOINT : PortType.ENDPOINT;
        }
        b.unknown.add("capabilities not readable (lspci run without root): port type guessed as " + guess.yamlName()
                + ", ACS unknown and treated as absent");
        return guess;
    }

    private static String slot(Bdf bdf) {
        return bdf.busId() + ":" + bdf.slot();
    }
}
