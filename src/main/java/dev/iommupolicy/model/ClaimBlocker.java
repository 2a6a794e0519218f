package dev.iommupolicy.model;

/**
 * A member of a group that makes a user-space claim of the group fail, and how.
 *
 * @param group the founder of the group (its first device), which names the group in rules
 * @param device the member in the way
 * @param verdict the failure it causes
 * @param step where in the claim sequence the kernel checks it; the lowest step decides the claim
 *     (1 opening the group, 2 the ownership claim, 3 attaching the blocking domain, 4 attaching the
 *     VFIO domain, 5 getting a device fd)
 * @param rebindable true when moving the device to an exempt driver (or unbinding it) clears the check
 * @param reason what the kernel checks, for people
 */
public record ClaimBlocker(String group, String device, Verdict verdict, int step, boolean rebindable, String reason) {
}
