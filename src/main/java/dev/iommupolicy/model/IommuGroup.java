package dev.iommupolicy.model;

import java.util.List;

/**
 * One IOMMU group. Numbered in the order the kernel allocates them (the founder's probe order); the
 * kernel's own numbers also count platform devices, so compare partitions, not numbers.
 *
 * @param id position in allocation order, from 0
 * @param devices members sorted by address
 */
public record IommuGroup(int id, List<PciDevice> devices) {

    public IommuGroup {
        devices = List.copyOf(devices);
    }

    public List<String> bdfs() {
        return devices.stream().map(PciDevice::getBdf).toList();
    }
}
