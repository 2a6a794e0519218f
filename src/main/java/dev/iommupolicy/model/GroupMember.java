package dev.iommupolicy.model;

import java.util.Objects;

/** {@code device} is in the IOMMU group that {@code founder} created. Derived from {@link GroupDecision}s. */
public final class GroupMember {

    private final String device;
    private final String founder;

    public GroupMember(String device, String founder) {
        this.device = Objects.requireNonNull(device);
        this.founder = Objects.requireNonNull(founder);
    }

    public String getDevice() {
        return device;
    }

    public String getFounder() {
        return founder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupMember m && device.equals(m.device) && founder.equals(m.founder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, founder);
    }

    @Override
    public String toString() {
        return device + " in group of " + founder;
    }
}
