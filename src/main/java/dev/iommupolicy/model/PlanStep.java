package dev.iommupolicy.model;

/**
 * One change an assignment plan makes: move {@code device} to {@code driver} (unbinding its current one).
 *
 * @param device the function to change
 * @param driver the driver to bind it to through {@code driver_override}
 * @param reason why the plan touches this device
 */
public record PlanStep(String device, String driver, String reason) {
}
