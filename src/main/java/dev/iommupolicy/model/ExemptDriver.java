package dev.iommupolicy.model;

/**
 * A driver that sets {@code driver_managed_dma}: binding it never counts as a kernel DMA owner. Rule packs
 * insert these; the kernel pack holds the mainline list.
 *
 * @param name the sysfs driver name ({@code /sys/bus/pci/drivers/NAME})
 * @param role what the driver is for
 * @param since the kernel version whose ownership code first exempts it, for the record
 */
public record ExemptDriver(String name, DriverRole role, String since) {
}
