package dev.loop.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.api.EventLoop;
import dev.loop.api.Timeout;
import dev.loop.testkit.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The README's example property, verbatim between the markers: a user's debouncer on virtual time. */
class DebounceProperties {

    // README example start
    /** User code under test: runs {@code action} once calls have stopped for {@code quietMillis}. */
    static final class Debouncer {
        private final EventLoop loop;
        private final long quietMillis;
        private final Runnable action;
        private Timeout pending;

        Debouncer(EventLoop loop, long quietMillis, Runnable action) {
            this.loop = loop;
            this.quietMillis = quietMillis;
            this.action = action;
        }

        void call() {
            if (pending != null) {
                pending.refresh();          // wait quietMillis from this call instead
                return;
            }
            pending = loop.setTimeout(() -> {
                pending = null;
                action.run();
            }, quietMillis);
        }
    }

    @Property
    void runsOnceAfterEachQuietPeriod(@ForAll @Size(max = 20) List<@IntRange(max = 60) Integer> gaps) {
        TestLoop.replayable(test -> {            // a failure reports the test loop's seed
            List<Long> ran = new ArrayList<>();
            Debouncer debouncer = new Debouncer(test.loop(), 30, () -> ran.add(test.nowMillis()));
            List<Long> calls = new ArrayList<>();
            for (int gap : gaps) {
                test.advance(Duration.ofMillis(gap));   // virtual time: no sleeping, no flakiness
                calls.add(test.nowMillis());
                debouncer.call();
            }
            test.run();                          // until nothing is left

            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                boolean quietAfter = i == calls.size() - 1 || calls.get(i + 1) - calls.get(i) >= 30;
                if (quietAfter) {
                    expected.add(calls.get(i) + 30);
                }
            }
            assertEquals(expected, ran);
        });
    }
    // README example end
}
