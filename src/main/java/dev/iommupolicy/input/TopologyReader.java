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
import dev.iommupolicy.model.Bdf;
import dev.iommupolicy.model.Expectations;
import dev.iommupolicy.model.KernelVersion;
import dev.iommupolicy.model.PciDevice;
import dev.iommupolicy.model.Platform;
import dev.iommupolicy.model.PortType;
import dev.iommupolicy.model.Topology;
import dev.iommupolicy.model.TopologyException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Reads topology files (format v1, YAML). Every problem is reported with file and line, and the device
 * it concerns; nothing is returned unless the whole file is valid.
 */
public final class TopologyReader {

    static final String API_VERSION = "iommu-policy/v1";
    static final String KIND = "Topology";

    private static final ObjectMapper MAPPER = YAMLMapper.builder(new YAMLFactory())
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .addModule(new SimpleModule()
                    .setDeserializerModifier(new DeviceLineRecorder())
                    .addDeserializer(String.class, new RawScalarText()))
            .build();

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
        TopologyDocument doc;
        try {
            doc = MAPPER.readValue(in, TopologyDocument.class);
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
            }
            if (doc.platform != null && doc.platform.iommu != null) {
                Platform.fromYamlName(doc.platform.iommu).ifPresentOrElse(b::platform, () -> problems.add(source
                        + ": platform.iommu '" + doc.platform.iommu + "' is not one of " + Arrays.toString(Platform.values())));
            }
            b.expectations(expectations());
        }

        private Expectations expectations() {
            if (doc.expect == null || doc.expect.groups == null) {
                return Expectations.NONE;
            }
            List<Set<String>> groups = new ArrayList<>();
            for (List<String> group : doc.expect.groups) {
                Set<String> bdfs = new LinkedHashSet<>();
                for (String text : group) {
                    parse(() -> bdfs.add(Bdf.parse(text).toString()), source + ": expect.groups: ");
                }
                groups.add(bdfs);
            }
            return new Expectations(groups);
        }

        private void checkExpectations(Topology topology) {
            if (topology.expectations().isEmpty()) {
                return;
            }
            Set<String> seen = new HashSet<>();
            for (Set<String> group : topology.expectations().groups()) {
                for (String bdf : group) {
                    if (topology.device(bdf).isEmpty()) {
                        problems.add(source + ": expect.groups names " + bdf + ", which is not in the topology");
                    } else if (!seen.add(bdf)) {
                        problems.add(source + ": expect.groups names " + bdf + " in more than one group");
                    }
                }
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
            d.driver(spec.driver == null || spec.driver.isBlank() ? null : spec.driver.trim());
            d.iommuManaged(!Boolean.FALSE.equals(spec.iommu));
            d.intelPchAcsWorkaround(!Boolean.FALSE.equals(spec.intelPchAcsWorkaround));
            d.hotplug(Boolean.TRUE.equals(spec.hotplug));
            if (spec.dmaAliases != null) {
                List<Integer> devfns = new ArrayList<>();
                for (String alias : spec.dmaAliases) {
                    parse(() -> devfns.add(devfn(alias)), prefix + "dmaAliases: ");
                }
                d.dmaAliasDevfns(devfns);
            }
            if (problems.size() == before) {
                topology.device(d);
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
            String digits = text.trim().toLowerCase().replaceFirst("^0x", "");
            try {
                int value = Integer.parseInt(digits, 16);
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
            Integer ctl = acsRegister(acs.ctl, "acs.ctl", prefix);
            if (cap != null && ctl != null) {
                d.acs(cap, ctl);
            }
        }

        private Integer acsRegister(JsonNode node, String field, String prefix) {
            if (node == null || node.isNull()) {
                problems.add(prefix + field + " is missing (use [] for a register with no bits set)");
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
