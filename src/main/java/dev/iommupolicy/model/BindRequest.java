package dev.iommupolicy.model;

/** A question: may {@code driver} bind {@code device} now (sysfs {@code bind}, {@code drivers_probe}, hot-plug)? */
public record BindRequest(String device, String driver) {

    @Override
    public String toString() {
        return driver + " on " + device;
    }
}
