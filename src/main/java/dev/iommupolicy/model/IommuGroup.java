package dev.iommupolicy.model;

import java.util.List;

/**
 * One IOMMU group. Numbered in the order the kernel allocates them (the founder's probe order); the
 * kernel's own numbers also count platform devices, so compare partitions, not numbers.
 *
 * @param id position in allocation order, from 0
 * @param devices members sorted by address
 * @param claim whether user space can claim the group now, or null when no loaded rule pack decides
 *     ownership for this kernel
 * @param blockers the members that make the claim fail, in probe order, with what each causes
 * @param uncertainty what the input did not say about the members or the bridges above them; empty when
 *     the group rests on known facts only
 */
public record IommuGroup(int id, List<PciDevice> devices, ClaimVerdict claim, List<ClaimBlocker> blockers,
                         List<String> uncertainty) {

    public IommuGroup {
        devices = List.copyOf(devices);
        blockers = List.copyOf(blockers);
        uncertainty = List.copyOf(uncertainty);
    }

    public List<String> bdfs() {
        return devices.stream().map(PciDevice::getBdf).toList();
    }

    /** True when the function {@code bdf} is a member. */
    public boolean contains(String bdf) {
        return devices.stream().anyMatch(d -> d.getBdf().equals(bdf));
    }

    /** The distinct devices in {@link #blockers()}, in probe order. */
    public List<String> blockerDevices() {
        return blockers.stream().map(ClaimBlocker::device).distinct().toList();
    }
}
