package com.example.porter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loop.testkit.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The README's example property, verbatim (integration-tests' ReadmeExampleIT compares them), on
 * our debouncer: surefire runs it only with the includes the README shows.
 */
class DebounceProperties {

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
