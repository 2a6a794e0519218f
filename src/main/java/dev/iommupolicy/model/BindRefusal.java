package dev.iommupolicy.model;

/**
 * Something that makes a driver bind fail, and how.
 *
 * @param step where in {@code really_probe} the kernel checks it; the lowest step decides
 *     (1 {@code dma_configure}, 2 the driver's own probe, 3 after the probe)
 */
public record BindRefusal(BindRequest request, Verdict verdict, int step, String reason) {
}
