package dev.iommupolicy.model;

import java.util.Objects;

/**
 * The grouping rules' conclusion for one device: it joins the group of {@code target}, a device probed
 * earlier, or founds a new group when {@code target} equals {@code device}. The kernel never merges
 * groups, so every device gets exactly one decision.
 */
public final class GroupDecision {

    private final String device;
    private final String target;
    private final String reason;

    public GroupDecision(String device, String target, String reason) {
        this.device = Objects.requireNonNull(device);
        this.target = Objects.requireNonNull(target);
        this.reason = Objects.requireNonNull(reason);
    }

    /** A decision that {@code device} founds a new group ({@code iommu_group_alloc}). */
    public static GroupDecision founds(String device, String reason) {
        return new GroupDecision(device, device, reason);
    }

    public String getDevice() {
        return device;
    }

    public String getTarget() {
        return target;
    }

    public boolean isFounding() {
        return device.equals(target);
    }

    /** Which kernel step decided, in words, e.g. "below 0000:00:1c.0, which is not ACS-isolated". */
    public String getReason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupDecision g && device.equals(g.device) && target.equals(g.target)
                && reason.equals(g.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, target, reason);
    }

    @Override
    public String toString() {
        return isFounding() ? device + " founds a group: " + reason : device + " joins " + target + ": " + reason;
    }
}
