package dev.iommupolicy.model;

/**
 * Whether a new user-space owner (VFIO container or iommufd context) can claim a group now.
 *
 * @param group the founder of the group
 */
public record ClaimVerdict(String group, Verdict verdict, String reason) {
}
