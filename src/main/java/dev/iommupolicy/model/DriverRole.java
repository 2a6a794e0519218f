package dev.iommupolicy.model;

/** Why a driver is exempt from DMA ownership accounting ({@code driver_managed_dma}). */
public enum DriverRole {
    /** A VFIO bus driver: the only kind through which user space can open a device. */
    VFIO,
    /** Holds a device without using it ({@code pci-stub}). */
    STUB,
    /** The PCIe port services driver, bound to root and switch ports. */
    PORT
}
