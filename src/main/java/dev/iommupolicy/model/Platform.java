package dev.iommupolicy.model;

import java.util.Arrays;
import java.util.Optional;

/** Which IOMMU the platform has; decides firmware facts such as the ACPI IVRS table (AMD-Vi). */
public enum Platform {
    INTEL_VT_D("intel-vt-d"),
    AMD_VI("amd-vi"),
    ARM_SMMU("arm-smmu"),
    /** Not stated: rules infer what they can from the devices (e.g. an AMD IOMMU function). */
    UNKNOWN("unknown");

    private final String yamlName;

    Platform(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<Platform> fromYamlName(String name) {
        return Arrays.stream(values()).filter(p -> p.yamlName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
