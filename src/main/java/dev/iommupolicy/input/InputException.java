package dev.iommupolicy.input;

import java.util.List;

/**
 * Input that cannot be used: every problem found, each a line such as
 * {@code fixtures/t01.yaml:12: device 0000:01:00.0: parent 0000:00:1c.0 is not in the topology}.
 */
public class InputException extends RuntimeException {

    private final transient List<String> problems;

    public InputException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public InputException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
