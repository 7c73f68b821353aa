package dev.loop.it.node;

import dev.loop.testkit.program.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What Node did with a {@link NodeScript}: the callbacks it ran and the timers it armed, with libuv
 * times in real milliseconds since the script started.
 *
 * @param runs every recorded callback run (and {@code !label} error), in order
 * @param arms every timer arm, in the order the script reported them
 * @param fault the message of an error Node threw inside itself, not one the program threw, which
 *     ended the run; null when there was none
 */
public record NodeRun(List<Run> runs, List<Arm> arms, String fault) {

    /**
     * One recorded label.
     *
     * @param label what was recorded
     * @param realMillis when, in libuv milliseconds since the script started
     */
    public record Run(String label, long realMillis) {
        /** Checks the label. */
        public Run {
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * One timer arm: a {@code setTimeout}, or arm {@code n} of an interval (labelled {@code label#n}).
     *
     * @param label the timer's label
     * @param expiryMillis when it falls due, in libuv milliseconds since the script started
     */
    public record Arm(String label, long expiryMillis) {
        /** Checks the label. */
        public Arm {
            Objects.requireNonNull(label, "label");
        }
    }

    /** Copies the lists. */
    public NodeRun {
        runs = List.copyOf(runs);
        arms = List.copyOf(arms);
    }

    /**
     * Reads the output of a {@link NodeScript}.
     *
     * @param stdout the script's standard output
     * @return what it reports
     * @throws IllegalArgumentException if a line is malformed or the closing {@code end} line is
     *         missing (the process did not reach its exit handler)
     */
    public static NodeRun parse(String stdout) {
        List<Run> runs = new ArrayList<>();
        List<Arm> arms = new ArrayList<>();
        String fault = null;
        boolean ended = false;
        for (String line : stdout.lines().toList()) {
            String[] fields = line.split(" ");
            if (ended) {
                throw malformed("a line after 'end'", line, stdout);
            }
            switch (fields[0]) {
                case "run" -> runs.add(new Run(field(fields, 1, 3, line, stdout), millis(fields[2], line, stdout)));
                case "arm" -> arms.add(new Arm(field(fields, 1, 3, line, stdout), millis(fields[2], line, stdout)));
                case "fault" -> fault = line.substring("fault".length()).strip();
                case "end" -> {
                    field(fields, 1, 2, line, stdout);
                    ended = true;
                }
                default -> throw malformed("an unknown record", line, stdout);
            }
        }
        if (!ended) {
            throw new IllegalArgumentException("Node's output has no 'end' line, so it is incomplete:\n" + stdout);
        }
        return new NodeRun(runs, arms, fault);
    }

    private static String field(String[] fields, int index, int count, String line, String stdout) {
        if (fields.length != count) {
            throw malformed(count + " fields expected", line, stdout);
        }
        return fields[index];
    }

    private static long millis(String field, String line, String stdout) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw malformed("not a whole number of milliseconds", line, stdout);
        }
    }

    private static IllegalArgumentException malformed(String why, String line, String stdout) {
        return new IllegalArgumentException("Node's output has " + why + ": '" + line + "' in:\n" + stdout);
    }

    /**
     * The labels Node recorded, in order: the trace to compare with the loop's and the model's.
     *
     * @return the labels of {@link #runs()}
     */
    public List<String> labels() {
        return runs.stream().map(Run::label).toList();
    }

    /**
     * Why Node's order might owe something to real time rather than to the program, if it might.
     *
     * <p>Node orders timers by their real expiry, and decides which of them are due by the real
     * time a timers phase starts; the model does the same on a virtual clock. The two orders can
     * only differ because of timing if real time strayed from the virtual schedule, so the run is
     * conclusive (a difference in labels is a real disagreement) when both of these hold:
     * <ol>
     * <li><b>Arms keep their order.</b> Pair the {@code k}-th arm of each label in Node with the
     *     {@code k}-th arm of that label in {@link Prediction#arms()} (a label repeats when a
     *     callback that arms it runs more than once). Over the pairs, virtual deadline → real expiry
     *     must be a strictly increasing function: equal deadlines expire at the same real time, so
     *     one timers phase finds all of them due or none of them, and a later deadline expires
     *     later, so Node takes the timers in the model's order. Equal expiries are demanded rather
     *     than merely close ones because Node visits lists of timers by expiry: a timer armed a
     *     millisecond later than its virtual twin may fall due in a timers phase of its own, with an
     *     immediate in between.
     * <li><b>Every callback ran within its virtual slot.</b> Pair the {@code k}-th run of each label
     *     the same way with {@link Prediction#events()}; if the model ran it at virtual time
     *     {@code v}, Node must have run it before the real expiry of the next deadline after
     *     {@code v} (else that timer may have been due already and run first, or in the same timers
     *     phase), and no earlier than the real expiry of {@code v} itself when {@code v} is a
     *     deadline (else it ran in a slot that belongs to earlier timers). A timer callback's real
     *     time is read after its timers phase began, so a phase that found a later timer due shows
     *     up as a callback that ran too late.
     * </ol>
     * Labels that only one side has are skipped: a missing or extra callback is a difference the
     * traces show, not a question of timing. Arms of timers that were cleared or unreferenced count
     * all the same, which errs on the side of "inconclusive". This method judges timing only, never
     * the labels.
     *
     * @param prediction what the model says the program does
     * @param scaleMillis the real milliseconds per virtual millisecond the script was rendered with;
     *        the reason gives real times in virtual terms too
     * @return why the run is inconclusive, or empty when its order is the program's
     * @throws IllegalArgumentException if {@code scaleMillis < 1}
     */
    public Optional<String> inconclusiveBecause(Prediction prediction, int scaleMillis) {
        if (scaleMillis < 1) {
            throw new IllegalArgumentException("scaleMillis < 1: " + scaleMillis);
        }
        TreeMap<Long, Long> expiryByDeadline = new TreeMap<>();
        Occurrences<Prediction.Arm> predictedArms = new Occurrences<>(prediction.arms(), Prediction.Arm::label);
        for (Arm arm : arms) {
            Prediction.Arm predicted = predictedArms.next(arm.label());
            if (predicted == null) {
                continue;
            }
            Long earlier = expiryByDeadline.putIfAbsent(predicted.deadlineMillis(), arm.expiryMillis());
            if (earlier != null && earlier != arm.expiryMillis()) {
                return Optional.of("timers due at the same virtual time " + predicted.deadlineMillis()
                        + " expire at different real times, " + real(earlier, scaleMillis) + " and "
                        + real(arm.expiryMillis(), scaleMillis) + " (" + arm.label()
                        + "), so Node may have run them in different timers phases");
            }
        }
        Map.Entry<Long, Long> previous = null;
        for (Map.Entry<Long, Long> slot : expiryByDeadline.entrySet()) {
            if (previous != null && previous.getValue() >= slot.getValue()) {
                return Optional.of("the timers due at virtual " + slot.getKey() + " expire at "
                        + real(slot.getValue(), scaleMillis) + ", not after those due at virtual "
                        + previous.getKey() + " (" + real(previous.getValue(), scaleMillis) + ")");
            }
            previous = slot;
        }
        Occurrences<Prediction.Event> events = new Occurrences<>(prediction.events(), Prediction.Event::label);
        for (Run run : runs) {
            Prediction.Event event = events.next(run.label());
            if (event == null) {
                continue;
            }
            long virtual = event.clockMillis(); // the virtual clock, which busy callbacks move
            Map.Entry<Long, Long> next = expiryByDeadline.higherEntry(virtual);
            if (next != null && run.realMillis() >= next.getValue()) {
                return Optional.of(run.label() + " ran at " + real(run.realMillis(), scaleMillis)
                        + ", when the timers due at virtual " + next.getKey() + " had fallen due ("
                        + real(next.getValue(), scaleMillis) + "), though the model ran it at virtual " + virtual);
            }
            Long slotStart = expiryByDeadline.get(virtual);
            if (slotStart != null && run.realMillis() < slotStart) {
                return Optional.of(run.label() + " ran at " + real(run.realMillis(), scaleMillis)
                        + ", before the timers due at virtual " + virtual + " fell due ("
                        + real(slotStart, scaleMillis) + "), though the model ran it at virtual " + virtual);
            }
        }
        return Optional.empty();
    }

    /** A real time, and the virtual time it stands for at the script's scale, for reasons. */
    private static String real(long realMillis, int scaleMillis) {
        return String.format(Locale.ROOT, "real %d ms (~virtual %.2f)", realMillis, (double) realMillis / scaleMillis);
    }

    /**
     * Hands out the elements of a list by label in order, so that the {@code k}-th request for a
     * label gets the {@code k}-th element with that label.
     */
    private static final class Occurrences<T> {
        private final Map<String, List<T>> byLabel = new HashMap<>();
        private final Map<String, Integer> taken = new HashMap<>();

        Occurrences(List<T> elements, Function<T, String> label) {
            for (T element : elements) {
                byLabel.computeIfAbsent(label.apply(element), l -> new ArrayList<>()).add(element);
            }
        }

        /** The next element labelled {@code label}, or null when there are no more. */
        T next(String label) {
            List<T> elements = byLabel.getOrDefault(label, List.of());
            int index = taken.merge(label, 1, Integer::sum) - 1;
            return index < elements.size() ? elements.get(index) : null;
        }
    }
}
