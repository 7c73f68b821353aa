package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** {@link DurationMap} agrees with {@link HashMap} under any sequence of puts and removes. */
class DurationMapProperties {

    @Property(tries = 300)
    void behavesLikeAHashMap(@ForAll @Size(max = 400) List<@LongRange(min = 0, max = 300) Long> keys) {
        DurationMap map = new DurationMap();
        Map<Long, TimerQueue.TimerList> model = new HashMap<>();
        for (long key : keys) {
            if (model.containsKey(key)) {
                map.remove(key); // present: remove it
                model.remove(key);
            } else {
                TimerQueue.TimerList bucket = new TimerQueue.TimerList();
                map.put(key, bucket);
                model.put(key, bucket);
            }
            assertEquals(model.size(), map.size());
        }
        for (long key = 0; key <= 300; key++) {
            assertSame(model.get(key), map.get(key), "key " + key);
        }
    }
}
