package dev.loop.testkit.program;

import dev.loop.api.Phase;
import java.util.List;

/**
 * What the {@link ReferenceModel} says a program does.
 *
 * @param events every recorded callback run and every reported error, in order
 * @param arms every time a timer was armed, in order, with the virtual deadline it got
 * @param endMillis the virtual time at which {@code run()} returns
 * @param iterations the number of loop iterations {@code run()} performs
 */
public record Prediction(List<Event> events, List<Arm> arms, long endMillis, long iterations) {

    /** Copies the lists. */
    public Prediction {
        events = List.copyOf(events);
        arms = List.copyOf(arms);
    }

    /**
     * The labels of {@link #events()}, in order.
     *
     * @return the labels
     */
    public List<String> labels() {
        return events.stream().map(Event::label).toList();
    }

    /**
     * One recorded callback run (or reported error, labelled {@code !label}).
     *
     * @param label what was recorded
     * @param phase the phase it ran in
     * @param iteration the loop iteration (0 for the main script and what it queued)
     * @param timeMillis the loop's cached time ({@code loop.now()}) when it ran
     * @param clockMillis the virtual clock when it ran: later than {@code timeMillis} when a busy
     *     callback ({@link Op.Busy}) let time pass since the loop last read the clock
     */
    public record Event(String label, Phase phase, long iteration, long timeMillis, long clockMillis) { }

    /**
     * One arming of a timer: a {@code setTimeout}, or run {@code n} of a {@code setInterval}.
     *
     * @param label the timeout's label, or the interval's label followed by {@code #n}
     * @param deadlineMillis the virtual time it is due at
     */
    public record Arm(String label, long deadlineMillis) { }
}
