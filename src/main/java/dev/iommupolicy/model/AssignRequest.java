package dev.iommupolicy.model;

/** A question: what must change for user space (a VM, DPDK) to open {@code device}? */
public record AssignRequest(String device) {
}
