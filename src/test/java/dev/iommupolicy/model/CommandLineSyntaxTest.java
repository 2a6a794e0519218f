package dev.iommupolicy.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kernel's command-line syntax for ACS parameters (kernel-semantics.md 2.6). */
class CommandLineSyntaxTest {

    private static final Topology T11 = Topology.builder()
            .device(PciDevice.builder(Bdf.parse("00:01.0")).type(PortType.ROOT_PORT).vendor(0xabcd).device(0x0001))
            .device(PciDevice.builder(Bdf.parse("01:00.0")).parent(Bdf.parse("00:01.0")).type(PortType.UPSTREAM_PORT).vendor(0xabcd).device(0x1000))
            .device(PciDevice.builder(Bdf.parse("02:01.0")).parent(Bdf.parse("01:00.0")).type(PortType.DOWNSTREAM_PORT).vendor(0xabcd).device(0x1001)
                    .subsystemVendor(0x1234).subsystemDevice(0x5678))
            .build();
    private static final PciDevice DSP = T11.device("0000:02:01.0").orElseThrow();

    @Test
    void pathsWalkFromAnAncestorDownThroughDeviceAndFunction() {
        assertThat(DeviceMatch.matches("0000:02:01.0", DSP)).isTrue();
        assertThat(DeviceMatch.matches("02:01.0", DSP)).as("domain 0 by default").isTrue();
        assertThat(DeviceMatch.matches("0000:00:01.0/00.0/01.0", DSP)).isTrue();
        assertThat(DeviceMatch.matches("0000:01:00.0/01.0", DSP)).isTrue();
        assertThat(DeviceMatch.matches("0000:00:01.0/00.0/00.0", DSP)).as("wrong last step").isFalse();
        assertThat(DeviceMatch.matches("0000:00:02.0/00.0/01.0", DSP)).as("wrong ancestor").isFalse();
        assertThat(DeviceMatch.matches("0000:00:01.0/00.0/00.0/01.0", DSP)).as("deeper than the tree").isFalse();
    }

    @Test
    void idsMatchWithZeroAsAWildcard() {
        assertThat(DeviceMatch.matches("pci:abcd:1001", DSP)).isTrue();
        assertThat(DeviceMatch.matches("pci:abcd:0", DSP)).isTrue();
        assertThat(DeviceMatch.matches("pci:abcd:1001:1234:5678", DSP)).isTrue();
        assertThat(DeviceMatch.matches("pci:abcd:1001:1234:9999", DSP)).isFalse();
        assertThat(DeviceMatch.listed("pci:8086:0;0000:02:01.0", DSP)).isTrue();
    }

    @Test
    void configAcsKeepsFirmwareBitsForXAndRejectsOverlongFlags() {
        int firmware = AcsFlag.SV.mask() | AcsFlag.UF.mask();
        assertThat(ConfigAcs.control("0xx@0000:02:01.0", DSP, firmware)).isEqualTo(firmware);
        assertThat(ConfigAcs.control("1x1@0000:02:01.0", DSP, 0)).isEqualTo(AcsFlag.SV.mask() | AcsFlag.RR.mask());
        assertThat(ConfigAcs.control("0xxxx@0000:02:01.0", DSP, firmware)).isEqualTo(AcsFlag.SV.mask());
        assertThat(ConfigAcs.control("11111111@0000:02:01.0", DSP, 0)).as("bits beyond DT").isNull();
        assertThat(ConfigAcs.control("1@0000:00:01.0", DSP, 0)).as("another device").isNull();
    }

    @Test
    void pciOptionsBecomeParametersOfTheirOwn() {
        assertThat(KernelParameter.parse("quiet pci=noats,disable_acs_redir=0000:00:1c.0;pci:8086:0 \"x=a b\""))
                .containsExactly(new KernelParameter("quiet", ""), new KernelParameter("pci.noats", ""),
                        new KernelParameter("pci.disable_acs_redir", "0000:00:1c.0;pci:8086:0"), new KernelParameter("x", "a b"));
    }
}
