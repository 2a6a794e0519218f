package dev.iommupolicy.model;

/** Why an assignment plan cannot be carried out, naming the device in the way. */
public record PlanRefusal(String device, String reason) {
}
