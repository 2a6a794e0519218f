package dev.iommupolicy.model;

import java.util.List;
import java.util.stream.Collectors;

/** A topology that cannot describe a real machine: every problem found, each naming its device. */
public class TopologyException extends RuntimeException {

    /** One problem; {@code bdf} is null when it concerns the topology as a whole. */
    public record Problem(String bdf, String message) {
        @Override
        public String toString() {
            return bdf == null ? message : "device " + bdf + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public TopologyException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
