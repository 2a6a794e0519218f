package dev.iommupolicy.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the kernel decides whether user space may take an IOMMU group. The rule packs choose it from the
 * kernel version; a topology or the command line may force one (e.g. a 5.14 distribution kernel that
 * carries the 5.19 ownership series).
 */
public enum OwnershipModel {
    /** Up to 5.18: VFIO group viability ({@code vfio_dev_viable}), enforced at {@code VFIO_GROUP_GET_DEVICE_FD}. */
    VIABILITY("viability"),
    /** From 5.19: the group's DMA owner count ({@code iommu_group_claim_dma_owner}). */
    OWNER_COUNT("owner-count");

    private final String yamlName;

    OwnershipModel(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<OwnershipModel> fromYamlName(String name) {
        return Arrays.stream(values()).filter(m -> m.yamlName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
