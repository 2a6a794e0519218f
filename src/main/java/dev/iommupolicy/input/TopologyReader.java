package dev.iommupolicy.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.iommupolicy.model.AcsFlag;
import org.yaml.snakeyaml.LoaderOptions;
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.BindRequest;
import dev.iommupolicy.model.Expectations;
import dev.iommupolicy.model.Expectations.BindExpectation;
import dev.iommupolicy.model.Expectations.ClaimExpectation;
import dev.iommupolicy.model.Expectations.PlanExpectation;
import dev.iommupolicy.model.Expectations.ViolationExpectation;
import dev.iommupolicy.model.KernelVersion;
import dev.iommupolicy.model.OwnershipModel;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.PlanStep;
import dev.iommupolicy.model.Platform;
import dev.iommupolicy.model.PortType;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.model.TopologyException;
import dev.iommupolicy.model.Verdict;
import dev.iommupolicy.model.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads topology files (format v1, YAML). Every problem is reported with file and line, and the device
 * it concerns; nothing is returned unless the whole file is valid.
 */
public final class TopologyReader {

    static final String API_VERSION = "iommu-policy/v1";
    static final String KIND = "Topology";

    private static final Pattern DRIVER_NAME = Pattern.compile("[\\w.+-]+");

    /** SnakeYAML's default stops at 3 Mi code points; a 100,000-device machine is about 14 MB of YAML. */
    private static final int MAX_CODE_POINTS = 256 * 1024 * 1024;

    private static final ObjectMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .loaderOptions(loaderOptions()).build())
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .addModule(new SimpleModule()
                    .setDeserializerModifier(new DeviceLineRecorder())
                    .addDeserializer(String.class, new RawScalarText()))
            .build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    /** Reads and checks {@code file}. */
    public Topology read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Reads and checks a topology; {@code source} names it in messages. */
    public Topology read(InputStream in, String source) {
        return read(() -> MAPPER.readValue(in, TopologyDocument.class), source);
    }

    /** Reads and checks a topology from text already decoded; {@code source} names it in messages. */
    public Topology read(Reader in, String source) {
        return read(() -> MAPPER.readValue(in, TopologyDocument.class), source);
    }

    /** Jackson's {@code readValue}, whichever the input. */
    private interface Parse {
        TopologyDocument document() throws IOException;
    }

    private static Topology read(Parse parse, String source) {
        TopologyDocument doc;
        try {
            doc = parse.document();
        } catch (UnrecognizedPropertyException e) {
            throw new InputException(at(source, e.getLocation()) + "unknown field '" + e.getPropertyName()
                    + "'; known fields: " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")));
        } catch (JsonProcessingException e) {
            throw new InputException(at(source, e.getLocation()) + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage());
        }
        if (doc == null) {
            throw new InputException(source + ": empty file");
        }
        return fromDocument(doc, source);
    }

    /** Checks a parsed (or captured) document and builds the topology. */
    static Topology fromDocument(TopologyDocument doc, String source) {
        return new Conversion(source, doc).topology();
    }

    /** Writes {@code doc} as topology YAML. */
    static String toYaml(TopologyDocument doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a topology document", e);
        }
    }

    private static String at(String source, JsonLocation location) {
        return location == null ? source + ": " : source + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": ";
    }

    /** Turns the parsed document into a {@link Topology}, collecting every problem. */
    private static final class Conversion {
        private final String source;
        private final TopologyDocument doc;
        private final List<String> problems = new ArrayList<>();
        private final Map<String, Integer> lineOfDevice = new HashMap<>();

        Conversion(String source, TopologyDocument doc) {
            this.source = source;
            this.doc = doc;
        }

        Topology topology() {
            Topology.Builder builder = Topology.builder();
            header(builder);
            if (doc.devices == null || doc.devices.isEmpty()) {
                problems.add(source + ": 'devices' is missing or empty");
            } else {
                doc.devices.forEach(d -> device(d, builder));
            }
            Topology topology = null;
            if (problems.isEmpty()) {
                try {
                    topology = builder.build();
                } catch (TopologyException e) {
                    e.problems().forEach(p -> problems.add(source + ":" + lineOfDevice.getOrDefault(p.bdf(), 1) + ": " + p));
                }
            }
            if (topology != null) {
                checkExpectations(topology);
            }
            if (!problems.isEmpty()) {
                throw new InputException(problems);
            }
            return topology;
        }

        private void header(Topology.Builder b) {
            if (!API_VERSION.equals(doc.apiVersion)) {
                problems.add(source + ": apiVersion must be '" + API_VERSION + "', not '" + doc.apiVersion + "'");
            }
            if (!KIND.equals(doc.kind)) {
                problems.add(source + ": kind must be '" + KIND + "', not '" + doc.kind + "'");
            }
            if (doc.metadata != null) {
                if (doc.metadata.name != null) {
                    b.name(doc.metadata.name);
                }
                b.description(doc.metadata.description);
            }
            if (doc.kernel != null) {
                if (doc.kernel.version != null) {
                    parse(() -> b.kernel(KernelVersion.parse(doc.kernel.version)), source + ": kernel.version: ");
                }
                b.cmdline(doc.kernel.cmdline);
                if (doc.kernel.ownershipModel != null) {
                    OwnershipModel.fromYamlName(doc.kernel.ownershipModel).ifPresentOrElse(b::ownershipModel,
                            () -> problems.add(source + ": kernel.ownershipModel '" + doc.kernel.ownershipModel
                                    + "' is not one of " + Arrays.toString(OwnershipModel.values())));
                }
            }
            if (doc.platform != null && doc.platform.iommu != null) {
                Platform.fromYamlName(doc.platform.iommu).ifPresentOrElse(b::platform, () -> problems.add(source
                        + ": platform.iommu '" + doc.platform.iommu + "' is not one of " + Arrays.toString(Platform.values())));
            }
            if (doc.requiresPacks != null) {
                b.requiredPacks(doc.requiresPacks);
            }
            b.expectations(expectations());
        }

        private Expectations expectations() {
            if (doc.expect == null) {
                return Expectations.NONE;
            }
            List<Set<String>> groups = doc.expect.groups == null ? null
                    : doc.expect.groups.stream().map(g -> bdfs(g, "expect.groups")).toList();
            TopologyDocument.Ownership ownership = doc.expect.ownership;
            List<ClaimExpectation> claims = ownership == null || ownership.claims == null ? null
                    : ownership.claims.stream().map(this::claim).filter(Objects::nonNull).toList();
            List<BindExpectation> binds = ownership == null || ownership.binds == null ? null
                    : ownership.binds.stream().map(this::bind).filter(Objects::nonNull).toList();
            Set<ViolationExpectation> violations = doc.expect.violations == null ? null
                    : doc.expect.violations.stream().map(this::violation).filter(Objects::nonNull).collect(Collectors.toSet());
            if (doc.expect.groupsFrom != null && !doc.expect.groupsFrom.equals("kernel")) {
                problems.add(source + ": expect.groupsFrom '" + doc.expect.groupsFrom + "' is not 'kernel'");
            }
            return new Expectations(groups, claims, binds, plan(doc.expect.plan), doc.expect.rules, violations,
                    "kernel".equals(doc.expect.groupsFrom));
        }

        private ViolationExpectation violation(TopologyDocument.ViolationSpec spec) {
            String field = "expect.violations";
            String device = bdf(spec.device, field);
            Optional<Violation.Severity> severity = Violation.Severity.fromLabel(spec.severity == null ? "" : spec.severity.trim());
            if (severity.isEmpty()) {
                problems.add(source + ": " + field + ": severity '" + spec.severity + "' is not one of error, warning, info");
            }
            return device == null || severity.isEmpty() ? null : new ViolationExpectation(device, severity.get());
        }

        private PlanExpectation plan(TopologyDocument.PlanSpec spec) {
            if (spec == null) {
                return null;
            }
            String field = "expect.plan";
            if (spec.assign == null || spec.assign.isEmpty()) {
                problems.add(source + ": " + field + ": 'assign' is missing or empty");
                return null;
            }
            List<PlanStep> steps = new ArrayList<>();
            for (TopologyDocument.BindSpec step : spec.steps == null ? List.<TopologyDocument.BindSpec>of() : spec.steps) {
                String device = bdf(step.device, field + ".steps");
                if (device != null && driverName(step.driver, field + ".steps: device " + device + ": ")) {
                    steps.add(new PlanStep(device, step.driver, ""));
                }
            }
            return new PlanExpectation(List.copyOf(bdfs(spec.assign, field + ".assign")), steps,
                    spec.refusedBy == null ? Set.of() : bdfs(spec.refusedBy, field + ".refusedBy"));
        }

        /** A sysfs driver name; false (with a problem recorded) when {@code text} cannot be one. */
        private boolean driverName(String text, String prefix) {
            if (text == null || !DRIVER_NAME.matcher(text).matches()) {
                problems.add(prefix + "driver '" + text + "' is not a driver name (letters, digits, '_', '-', '.')");
                return false;
            }
            return true;
        }

        private Set<String> bdfs(List<String> texts, String field) {
            Set<String> bdfs = new LinkedHashSet<>();
            for (String text : texts) {
                parse(() -> bdfs.add(Bdf.parse(text).toString()), source + ": " + field + ": ");
            }
            return bdfs;
        }

        private ClaimExpectation claim(TopologyDocument.ClaimSpec spec) {
            String field = "expect.ownership.claims";
            if ((spec.device == null) == (spec.group == null || spec.group.isEmpty())) {
                problems.add(source + ": " + field + ": name the group by 'device' (one member) or 'group' (all members), not both");
                return null;
            }
            Set<String> members = spec.group == null ? null : bdfs(spec.group, field);
            String device = spec.device != null ? bdf(spec.device, field) : members.stream().findFirst().orElse(null);
            Verdict verdict = verdict(spec.verdict, field);
            Set<String> blockers = spec.blockers == null ? null : bdfs(spec.blockers, field + ".blockers");
            return device == null || verdict == null ? null : new ClaimExpectation(device, members, verdict, blockers);
        }

        private BindExpectation bind(TopologyDocument.BindSpec spec) {
            String field = "expect.ownership.binds";
            String device = bdf(spec.device, field);
            Verdict verdict = verdict(spec.verdict, field);
            return device == null || verdict == null || !driverName(spec.driver, source + ": " + field + ": ") ? null
                    : new BindExpectation(new BindRequest(device, spec.driver), verdict);
        }

        private String bdf(String text, String field) {
            try {
                return Bdf.parse(text).toString();
            } catch (IllegalArgumentException e) {
                problems.add(source + ": " + field + ": " + e.getMessage());
                return null;
            }
        }

        private Verdict verdict(String text, String field) {
            Optional<Verdict> verdict = Verdict.fromLabel(text == null ? "" : text.trim());
            if (verdict.isEmpty()) {
                problems.add(source + ": " + field + ": verdict '" + text + "' is not one of " + Arrays.toString(Verdict.values()));
            }
            return verdict.orElse(null);
        }

        private void checkExpectations(Topology topology) {
            Expectations expect = topology.expectations();
            if (expect.groups() != null) {
                Set<String> seen = new HashSet<>();
                for (Set<String> group : expect.groups()) {
                    for (String bdf : group) {
                        requirePresent(topology, bdf, "expect.groups");
                        if (!seen.add(bdf)) {
                            problems.add(source + ": expect.groups names " + bdf + " in more than one group");
                        }
                    }
                }
            }
            if (expect.claims() != null) {
                for (ClaimExpectation claim : expect.claims()) {
                    requirePresent(topology, claim.device(), "expect.ownership.claims");
                    Stream.of(claim.members(), claim.blockers()).filter(Objects::nonNull).flatMap(Set::stream)
                            .forEach(bdf -> requirePresent(topology, bdf, "expect.ownership.claims"));
                }
            }
            expect.bindRequests().forEach(r -> requirePresent(topology, r.device(), "expect.ownership.binds"));
            if (expect.violations() != null) {
                expect.violations().forEach(v -> requirePresent(topology, v.device(), "expect.violations"));
            }
            if (expect.plan() != null) {
                expect.plan().assign().forEach(bdf -> requirePresent(topology, bdf, "expect.plan.assign"));
                expect.plan().steps().forEach(step -> requirePresent(topology, step.device(), "expect.plan.steps"));
                expect.plan().refusedBy().forEach(bdf -> requirePresent(topology, bdf, "expect.plan.refusedBy"));
            }
        }

        private void requirePresent(Topology topology, String bdf, String field) {
            if (topology.device(bdf).isEmpty()) {
                problems.add(source + ": " + field + " names " + bdf + ", which is not in the topology");
            }
        }

        private void device(TopologyDocument.DeviceSpec spec, Topology.Builder topology) {
            String where = source + ":" + spec.line + ": ";
            if (spec.bdf == null) {
                problems.add(where + "device without 'bdf'");
                return;
            }
            Bdf address;
            try {
                address = Bdf.parse(spec.bdf);
            } catch (IllegalArgumentException e) {
                problems.add(where + "bdf: " + e.getMessage());
                return;
            }
            lineOfDevice.putIfAbsent(address.toString(), spec.line);
            String prefix = where + "device " + address + ": ";
            int before = problems.size();
            PciDevice.Builder d = PciDevice.builder(address);
            if (spec.type == null) {
                problems.add(prefix + "'type' is missing");
            } else {
                PortType.fromYamlName(spec.type).ifPresentOrElse(d::type, () -> problems.add(prefix + "type '" + spec.type
                        + "' is not one of " + Arrays.toString(PortType.values())));
            }
            optionalBdf(spec.parent, "parent", prefix, d::parent);
            optionalBdf(spec.physfn, "physfn", prefix, d::physfn);
            optionalBdf(spec.realDmaDev, "realDmaDev", prefix, d::realDmaDev);
            hex(spec.vendor, "vendor", 0xffff, true, prefix, d::vendor);
            hex(spec.device, "device", 0xffff, true, prefix, d::device);
            hex(spec.subsystemVendor, "subsystemVendor", 0xffff, false, prefix, d::subsystemVendor);
            hex(spec.subsystemDevice, "subsystemDevice", 0xffff, false, prefix, d::subsystemDevice);
            hex(spec.classCode, "class", 0xffffff, false, prefix, d::classCode);
            d.multifunctionHeader(Boolean.TRUE.equals(spec.multifunction));
            acs(spec.acs, prefix, d);
            if (spec.driver != null && driverName(spec.driver, prefix)) {
                d.driver(spec.driver);
            }
            d.iommuManaged(!Boolean.FALSE.equals(spec.iommu));
            d.intelPchAcsWorkaround(!Boolean.FALSE.equals(spec.intelPchAcsWorkaround));
            d.hotplug(Boolean.TRUE.equals(spec.hotplug));
            d.critical(Boolean.TRUE.equals(spec.critical));
            d.requireDirect(Boolean.TRUE.equals(spec.requireDirect));
            d.claimedBy(spec.claimedBy == null || spec.claimedBy.isBlank() ? null : spec.claimedBy.trim());
            if (spec.config != null && !spec.config.replaceAll("\\s", "").matches("([0-9a-fA-F]{2})*")) {
                problems.add(prefix + "config is not hex bytes (the raw configuration space a snapshot keeps)");
            }
            if (spec.dmaAliases != null) {
                List<Integer> devfns = new ArrayList<>();
                for (String alias : spec.dmaAliases) {
                    parse(() -> devfns.add(devfn(alias)), prefix + "dmaAliases: ");
                }
                d.dmaAliasDevfns(devfns);
            }
            if (problems.size() == before) {
                topology.device(d);
                if (spec.unknown != null && !spec.unknown.isEmpty()) {
                    topology.unknown(address.toString(), spec.unknown);
                }
            }
        }

        private static int devfn(String slotFunction) {
            Bdf b = Bdf.parse("00:" + slotFunction);
            return b.devfn();
        }

        private void optionalBdf(String text, String field, String prefix, Consumer<Bdf> target) {
            if (text != null && !text.isBlank()) {
                parse(() -> target.accept(Bdf.parse(text)), prefix + field + ": ");
            }
        }

        private void hex(String text, String field, int max, boolean required, String prefix, IntConsumer target) {
            if (text == null) {
                if (required) {
                    problems.add(prefix + "'" + field + "' is missing");
                }
                return;
            }
            String digits = text.trim().toLowerCase();
            try {
                int value = Integer.parseInt(digits.startsWith("0x") ? digits.substring(2) : digits, 16);
                if (value > max) {
                    throw new NumberFormatException();
                }
                target.accept(value);
            } catch (NumberFormatException e) {
                problems.add(prefix + field + " '" + text + "' is not a hex number up to " + Integer.toHexString(max));
            }
        }

        private void acs(TopologyDocument.Acs acs, String prefix, PciDevice.Builder d) {
            if (acs == null) {
                return;
            }
            Integer cap = acsRegister(acs.cap, "acs.cap", prefix);
            if (acs.firmware != null && acs.firmware.isNull()) {
                acs.firmware = null;
            }
            if (acs.firmware != null && acs.ctl != null) {
                problems.add(prefix + "acs: give ctl (the value at grouping time) or firmware (the value the rules start from), not both");
                return;
            }
            if (acs.firmware != null) {
                Integer firmware = acsRegister(acs.firmware, "acs.firmware", prefix);
                if (cap != null && firmware != null) {
                    d.acsFirmware(cap, firmware);
                }
                return;
            }
            Integer ctl = acsRegister(acs.ctl, "acs.ctl", prefix);
            if (cap != null && ctl != null) {
                d.acs(cap, ctl);
            }
        }

        private Integer acsRegister(JsonNode node, String field, String prefix) {
            if (node == null || node.isNull()) {
                problems.add(prefix + field + " is missing (use [] for a register with no bits set)"
                        + (field.equals("acs.ctl") ? "; or give acs.firmware" : ""));
                return null;
            }
            if (node.isIntegralNumber()) {
                return register(node.asLong(), field, prefix);
            }
            if (node.isTextual()) {
                try {
                    return register(Long.decode(node.asText().trim()), field, prefix);
                } catch (NumberFormatException e) {
                    problems.add(prefix + field + " '" + node.asText() + "' is neither a number nor a list of ACS flags");
                    return null;
                }
            }
            if (!node.isArray()) {
                problems.add(prefix + field + " must be a list of " + Arrays.toString(AcsFlag.values()) + " or a number");
                return null;
            }
            int value = 0;
            for (JsonNode flag : node) {
                var known = AcsFlag.byName(flag.asText().trim().toUpperCase());
                if (known.isEmpty()) {
                    problems.add(prefix + field + ": unknown ACS flag '" + flag.asText() + "'; known: " + Arrays.toString(AcsFlag.values()));
                } else {
                    value |= known.get().mask();
                }
            }
            return value;
        }

        private Integer register(long value, String field, String prefix) {
            if (value < 0 || value > AcsFlag.REGISTER_MASK) {
                problems.add(prefix + field + " " + value + " does not fit the 16-bit register");
                return null;
            }
            return (int) value;
        }

        private void parse(Runnable action, String prefix) {
            try {
                action.run();
            } catch (IllegalArgumentException e) {
                problems.add(prefix + e.getMessage());
            }
        }
    }

    /**
     * String fields take a scalar's text as written. YAML 1.1 would otherwise read an unquoted
     * {@code 0000:00:1c.0} as a base-60 number and {@code 0806} as octal.
     */
    private static final class RawScalarText extends StdScalarDeserializer<String> {
        RawScalarText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != null && p.currentToken().isScalarValue()) {
                return p.getText();
            }
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }

    /** Records the line on which each device mapping starts, so messages can point at it. */
    private static final class DeviceLineRecorder extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                JsonDeserializer<?> deserializer) {
            return bean.getBeanClass() == TopologyDocument.DeviceSpec.class ? new Located(deserializer) : deserializer;
        }
    }

    private static final class Located extends DelegatingDeserializer {
        Located(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Located(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            int line = p.currentTokenLocation().getLineNr();
            Object value = super.deserialize(p, ctxt);
            ((TopologyDocument.DeviceSpec) value).line = line;
            return value;
        }
    }
}
