package dev.loop.testkit.program;

import java.util.List;
import java.util.Objects;

/**
 * What a generated callback does when it runs: it records {@code label}, runs {@code body} in
 * order (scheduling more work), and then, if {@code throwsAfter}, throws an error whose message is
 * the label.
 *
 * @param label the label recorded when the callback runs, unique in its program
 * @param body the operations it performs, in order
 * @param throwsAfter whether it throws after its body
 */
public record Callback(String label, List<Op> body, boolean throwsAfter) {

    /** Copies {@code body}. */
    public Callback {
        Objects.requireNonNull(label, "label");
        body = List.copyOf(body);
    }
}
