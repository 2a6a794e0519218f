package dev.iommupolicy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BdfTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0000:01:00.0   | 0 | 1   | 0    | 0",
            "01:00.0        | 0 | 1   | 0    | 0",
            "10000:e0:1d.0  | 65536 | 224 | 29 | 0",
            "'  0000:0A:1f.7 ' | 0 | 10 | 31 | 7",
            "ffff:ff:1f.7   | 65535 | 255 | 31 | 7"})
    void parsesTheForms(String text, int domain, int bus, int slot, int function) {
        assertThat(Bdf.parse(text)).isEqualTo(new Bdf(domain, bus, slot, function));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0000:01:00", "0000:01:00.8", "000:01:00.0", "100000:01:00.0", "0000-01:00.0",
            "0000:01-00.0", "0000:01:00-0", "0000:0g:00.0", "+000:01:00.0", "0000:01:00.٣", "1:00.0", "0000:01:00.00"})
    void rejectsAnythingElseNamingTheText(String text) {
        assertThatThrownBy(() -> Bdf.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a PCI address (expected DDDD:BB:DD.F or BB:DD.F)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000:01:20.0", "01:ff.0"})
    void rejectsDeviceNumbersAbove1f(String text) {
        assertThatThrownBy(() -> Bdf.parse(text)).hasMessageContaining("is above 1f");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000:01:00.0", "10000:e0:1d.3"})
    void printsWhatItParses(String text) {
        assertThat(Bdf.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Bdf.parse(null)).hasMessageContaining("'null' is not a PCI address");
    }
}
