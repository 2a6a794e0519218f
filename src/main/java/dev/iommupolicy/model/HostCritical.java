package dev.iommupolicy.model;

/** The host must keep {@code device} (boot disk controller, console GPU): a plan never hands its group to user space. */
public record HostCritical(String device, String reason) {
}
