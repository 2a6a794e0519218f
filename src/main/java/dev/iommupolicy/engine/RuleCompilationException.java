package dev.iommupolicy.engine;

import java.util.List;

/** Rule files that do not compile; each problem names the file and line ({@code rules/x.drl:12:5: ...}). */
public class RuleCompilationException extends RuntimeException {

    private final transient List<String> problems;

    public RuleCompilationException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
