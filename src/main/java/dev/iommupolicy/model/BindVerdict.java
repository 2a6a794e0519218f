package dev.iommupolicy.model;

/** The kernel's answer to a {@link BindRequest}. */
public record BindVerdict(BindRequest request, Verdict verdict, String reason) {
}
