package dev.loop.testkit;

import dev.loop.api.EventLoop;
import dev.loop.api.Phase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Records which callback ran, in which phase of which iteration. Wrap a callback with
 * {@link #of(String, Runnable)} (or call {@link #record(String)} from inside one), run the loop,
 * then assert; a failing assertion prints the expected and the actual trace side by side.
 *
 * <pre>{@code
 * Trace trace = new Trace(loop);
 * loop.setTimeout(trace.of("timeout"), 0);
 * loop.setImmediate(trace.of("immediate"));
 * test.advance(Duration.ofMillis(1));
 * trace.assertLabels("immediate", "timeout");
 * }</pre>
 *
 * <p><b>Thread safety:</b> the loop thread records; read it on the same thread (the test thread
 * of a {@link TestLoop}).
 */
public final class Trace {

    /**
     * One callback run.
     *
     * @param label the label it was given
     * @param phase the phase it ran in
     * @param iteration the loop iteration it ran in (0 before the first)
     */
    public record Entry(String label, Phase phase, long iteration) {

        /**
         * Checks the label.
         *
         * @throws NullPointerException if {@code label} or {@code phase} is null
         */
        public Entry {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(phase, "phase");
        }

        @Override
        public String toString() {
            return label + " " + phase + " #" + iteration;
        }
    }

    private final EventLoop loop;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * A trace of callbacks that run on {@code loop}.
     *
     * @param loop the loop whose phases and iterations are recorded
     */
    public Trace(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /**
     * Wraps a callback so that each run is recorded under {@code label} before it runs.
     *
     * @param label what to call it in the trace
     * @param callback what to run
     * @return the recording callback
     */
    public Runnable of(String label, Runnable callback) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(callback, "callback");
        return () -> {
            record(label);
            callback.run();
        };
    }

    /**
     * A callback that only records {@code label}.
     *
     * @param label what to call it in the trace
     * @return the recording callback
     */
    public Runnable of(String label) {
        return of(label, () -> { });
    }

    /**
     * Records {@code label} now, with the loop's current phase and iteration. Loop thread only.
     *
     * @param label what to record
     */
    public void record(String label) {
        entries.add(new Entry(label, loop.phase(), loop.iteration()));
    }

    /**
     * Everything recorded so far, in order.
     *
     * @return an unmodifiable copy
     */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * The labels recorded so far, in order.
     *
     * @return the labels
     */
    public List<String> labels() {
        return entries.stream().map(Entry::label).toList();
    }

    /**
     * Checks the labels, in order.
     *
     * @param expected the labels expected
     * @throws AssertionError showing both traces side by side if they differ
     */
    public void assertLabels(String... expected) {
        List<String> actual = labels();
        if (!actual.equals(Arrays.asList(expected))) {
            throw new AssertionError("Trace differs\n" + sideBySide(Arrays.asList(expected), actual));
        }
    }

    /**
     * Checks label, phase and iteration of every entry, in order.
     *
     * @param expected the entries expected
     * @throws AssertionError showing both traces side by side if they differ
     */
    public void assertEntries(Entry... expected) {
        if (!entries.equals(Arrays.asList(expected))) {
            throw new AssertionError("Trace differs\n" + sideBySide(
                    Arrays.stream(expected).map(Entry::toString).toList(),
                    entries.stream().map(Entry::toString).toList()));
        }
    }

    /** Two columns, one row per position, the first differing row marked. */
    static String sideBySide(List<String> expected, List<String> actual) {
        return sideBySide("expected", expected, "actual", actual);
    }

    /**
     * Two traces (or any two lists) in two columns, one row per position, the first row where they
     * differ marked with {@code !=}: the failure message of every trace assertion in the kit.
     *
     * @param leftTitle the left column's title
     * @param left the left list
     * @param rightTitle the right column's title
     * @param right the right list
     * @return the table, one line per row
     */
    public static String sideBySide(String leftTitle, List<?> left, String rightTitle, List<?> right) {
        int width = leftTitle.length();
        for (Object line : left) {
            width = Math.max(width, String.valueOf(line).length());
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("%4s  %-" + width + "s    %s%n", "#", leftTitle, rightTitle));
        boolean marked = false;
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            String l = i < left.size() ? String.valueOf(left.get(i)) : "";
            String r = i < right.size() ? String.valueOf(right.get(i)) : "";
            boolean differs = !l.equals(r) || (i >= left.size()) != (i >= right.size());
            String mark = differs && !marked ? "!=" : "  ";
            marked |= differs;
            out.append(String.format("%4d  %-" + width + "s %s %s%n", i, l, mark, r));
        }
        return out.toString();
    }
}
