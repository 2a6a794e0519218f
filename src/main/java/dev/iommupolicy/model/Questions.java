package dev.iommupolicy.model;

import java.util.List;

/**
 * What a caller asks beyond the groups and claim verdicts every evaluation gives.
 *
 * @param binds driver binds to judge
 * @param assign devices to plan the hand-over to user space for; empty for no plan
 */
public record Questions(List<BindRequest> binds, List<String> assign) {

    public static final Questions NONE = new Questions(List.of(), List.of());

    public Questions {
        binds = List.copyOf(binds);
        assign = List.copyOf(assign);
    }
}
