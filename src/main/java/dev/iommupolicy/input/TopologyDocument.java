package dev.iommupolicy.input;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.iommupolicy.model.AcsFlag;
import java.util.ArrayList;
import java.util.List;

/**
 * The topology file format v1 as Jackson reads and writes it. Field names are the product contract
 * (docs/topology-format.md, docs/topology.schema.json); unknown fields are errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "kernel", "platform", "requiresPacks", "devices", "expect"})
final class TopologyDocument {
    public String apiVersion;
    public String kind;
    public Metadata metadata;
    public Kernel kernel;
    public PlatformSpec platform;
    public List<String> requiresPacks;
    public List<DeviceSpec> devices;
    public Expect expect;

    /** An empty v1 topology with its name and description, the start of every reader's document. */
    static TopologyDocument named(String name, String description) {
        TopologyDocument doc = new TopologyDocument();
        doc.apiVersion = TopologyReader.API_VERSION;
        doc.kind = TopologyReader.KIND;
        doc.metadata = new Metadata();
        doc.metadata.name = name;
        doc.metadata.description = description;
        doc.devices = new ArrayList<>();
        return doc;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Metadata {
        public String name;
        public String description;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Kernel {
        public String version;
        public String cmdline;
        public String ownershipModel;
    }

    static final class PlatformSpec {
        public String iommu;
    }

    /** One function; {@link #line} is where it starts in the file, for error messages. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"bdf", "parent", "type", "vendor", "device", "subsystemVendor", "subsystemDevice", "class",
        "multifunction", "acs", "driver", "physfn"})
    static final class DeviceSpec {
        public String bdf;
        public String parent;
        public String type;
        public String vendor;
        public String device;
        public String subsystemVendor;
        public String subsystemDevice;
        @JsonProperty("class")
        public String classCode;
        public Boolean multifunction;
        public Acs acs;
        public String driver;
        public String physfn;
        public Boolean iommu;
        public List<String> dmaAliases;
        public String realDmaDev;
        public Boolean intelPchAcsWorkaround;
        public Boolean hotplug;
        public Boolean critical;
        public Boolean requireDirect;
        public String claimedBy;
        public List<String> unknown;
        /** Raw configuration space as read (hex), kept by snapshots for provenance; the fields above are what counts. */
        public String config;
        @JsonIgnore
        int line;
    }

    /** ACS registers: a list of flag names or a number (hex string or integer). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Acs {
        public JsonNode cap;
        public JsonNode ctl;
        public JsonNode firmware;

        /** The registers as lists of flag names, the form snapshots write (reserved bits above DT dropped). */
        static Acs of(int cap, int ctl) {
            Acs acs = new Acs();
            acs.cap = flags(cap);
            acs.ctl = flags(ctl);
            return acs;
        }

        private static ArrayNode flags(int register) {
            ArrayNode names = JsonNodeFactory.instance.arrayNode();
            AcsFlag.names(register & 0x7f).forEach(names::add);
            return names;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Expect {
        public List<List<String>> groups;
        /** {@code kernel} when the groups were read from a running kernel (snapshot, sysfs, lspci). */
        public String groupsFrom;
        public Ownership ownership;
        public PlanSpec plan;
        public List<String> rules;
        public List<ViolationSpec> violations;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"device", "severity"})
    static final class ViolationSpec {
        public String device;
        public String severity;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"assign", "steps", "refusedBy"})
    static final class PlanSpec {
        public List<String> assign;
        public List<BindSpec> steps;
        public List<String> refusedBy;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Ownership {
        public List<ClaimSpec> claims;
        public List<BindSpec> binds;
    }

    /** The claim of one group, named by one member ({@code device}) or by all of them ({@code group}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"device", "group", "verdict", "blockers"})
    static final class ClaimSpec {
        public String device;
        public List<String> group;
        public String verdict;
        public List<String> blockers;
    }

    /** A driver for a device: a bind to judge (with its verdict) or a plan step (without). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"device", "driver", "verdict"})
    static final class BindSpec {
        public String device;
        public String driver;
        public String verdict;
    }
}
