package dev.iommupolicy.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a PCI function is, as the kernel sees it: the PCI Express Device/Port Type field
 * ({@code PCI_EXP_FLAGS_TYPE}) for PCIe functions, or a conventional (non-PCIe) device or bridge.
 */
public enum PortType {
    ENDPOINT("endpoint", 0, false),
    LEGACY_ENDPOINT("legacy_endpoint", 1, false),
    ROOT_PORT("root_port", 4, true),
    UPSTREAM_PORT("upstream_port", 5, true),
    DOWNSTREAM_PORT("downstream_port", 6, true),
    PCIE_TO_PCI_BRIDGE("pcie_to_pci_bridge", 7, true),
    PCI_TO_PCIE_BRIDGE("pci_to_pcie_bridge", 8, true),
    RC_ENDPOINT("rc_endpoint", 9, false),
    RC_EVENT_COLLECTOR("rc_event_collector", 10, false),
    /** Conventional PCI/PCI-X bridge: type-1 header, no PCIe capability. */
    PCI_BRIDGE("pci_bridge", -1, true),
    /** Conventional PCI/PCI-X function: no PCIe capability. */
    PCI_DEVICE("pci_device", -1, false);

    private final String yamlName;
    private final int pcieType;
    private final boolean bridge;

    PortType(String yamlName, int pcieType, boolean bridge) {
        this.yamlName = yamlName;
        this.pcieType = pcieType;
        this.bridge = bridge;
    }

    /** The name used in topology files. */
    public String yamlName() {
        return yamlName;
    }

    /** True when the function has a PCI Express capability ({@code pci_is_pcie}). */
    public boolean isPcie() {
        return pcieType >= 0;
    }

    /** True for functions with a type-1 (bridge) header, which can have devices below them. */
    public boolean isBridge() {
        return bridge;
    }

    private static final Map<String, PortType> BY_YAML_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(PortType::yamlName, t -> t));

    public static Optional<PortType> fromYamlName(String name) {
        return Optional.ofNullable(name == null ? null : BY_YAML_NAME.get(name));
    }

    /** Maps the PCIe capability's Device/Port Type field; empty for reserved values. */
    public static Optional<PortType> fromPcieType(int value) {
        return Arrays.stream(values()).filter(t -> t.pcieType == value).findFirst();
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
