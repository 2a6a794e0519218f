package dev.iommupolicy.model;

import java.util.List;
import java.util.Set;

/**
 * What a fixture asserts about its own topology.
 *
 * @param groups the expected partition into IOMMU groups (each a set of full BDFs), or null when the
 *     fixture does not assert groups
 */
public record Expectations(List<Set<String>> groups) {

    public static final Expectations NONE = new Expectations(null);

    public Expectations {
        groups = groups == null ? null : groups.stream().map(Set::copyOf).toList();
    }

    public boolean isEmpty() {
        return groups == null;
    }
}
