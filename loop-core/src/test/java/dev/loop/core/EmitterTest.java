package dev.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.Emitter;
import dev.loop.api.Event;
import dev.loop.api.Registration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Emitter: Node's EventEmitter rules, typed. Each case was checked against Node 20's events module. */
class EmitterTest {

    private static final Event<String> DATA = Event.named("data");
    private static final Event<Void> END = Event.named("end");

    private final Emitter emitter = new Emitter();
    private final List<String> heard = new ArrayList<>();

    @Test
    void listenersAddInOrderAndEachRegistrationRemovesItsOwn() {
        emitter.on(DATA, v -> heard.add("a:" + v));
        Registration b = emitter.on(DATA, v -> heard.add("b:" + v));
        emitter.on(END, () -> heard.add("end"));
        assertTrue(emitter.emit(DATA, "1"));
        b.close();
        b.close(); // the second time does nothing
        emitter.emit(DATA, "2");
        assertTrue(emitter.emit(END));
        assertEquals(List.of("a:1", "b:1", "a:2", "end"), heard);
        assertEquals(1, emitter.listenerCount(DATA));
        assertFalse(new Emitter().emit(DATA, "x"), "no listeners");
    }

    @Test
    void theSameListenerAddedTwiceRunsTwiceAndIsRemovedOnceAtATime() {
        java.util.function.Consumer<String> listener = v -> heard.add(v);
        Registration first = emitter.on(DATA, listener);
        emitter.on(DATA, listener);
        emitter.emit(DATA, "x");
        first.close();
        emitter.emit(DATA, "y");
        assertEquals(List.of("x", "x", "y"), heard);
    }

    @Test
    void aOneTimeListenerHearsOnlyTheNextEvent() {
        emitter.once(DATA, v -> heard.add("once:" + v));
        emitter.on(DATA, v -> heard.add("on:" + v));
        emitter.emit(DATA, "1");
        emitter.emit(DATA, "2");
        assertEquals(List.of("once:1", "on:1", "on:2"), heard);
        Registration never = emitter.once(END, () -> heard.add("never"));
        never.close();
        emitter.emit(END);
        assertEquals(3, heard.size(), "a one-time listener removed before it ran never runs");
    }

    /** Node: an emit works on a copy of the listener array. */
    @Test
    void anEmitRunsTheListenersItFoundWhenItBegan() {
        Registration[] second = new Registration[1];
        emitter.on(DATA, v -> {
            heard.add("first:" + v);
            second[0].close(); // removed during the emit: still hears this one
            emitter.on(DATA, w -> heard.add("added:" + w)); // added during it: hears the next one
        });
        second[0] = emitter.on(DATA, v -> heard.add("second:" + v));
        emitter.emit(DATA, "1");
        assertEquals(List.of("first:1", "second:1"), heard);
        heard.clear();
        emitter.emit(DATA, "2");
        assertEquals(List.of("first:2", "added:2"), heard);
    }

    /** Node: a once wrapper that ran in a nested emit of the same event does not run again. */
    @Test
    void aOneTimeListenerRunsOnceEvenWhenAListenerEmitsAgain() {
        emitter.on(DATA, v -> {
            heard.add("outer:" + v);
            if (v.equals("1")) {
                emitter.emit(DATA, "nested");
            }
        });
        emitter.once(DATA, v -> heard.add("once:" + v));
        emitter.emit(DATA, "1");
        assertEquals(List.of("outer:1", "outer:nested", "once:nested"), heard);
    }

    @Test
    void aListenerThatThrowsEndsTheEmit() {
        emitter.on(DATA, v -> heard.add("before"));
        emitter.on(DATA, v -> {
            throw new IllegalStateException("boom");
        });
        emitter.on(DATA, v -> heard.add("after"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> emitter.emit(DATA, "x"));
        assertEquals("boom", e.getMessage());
        assertEquals(List.of("before"), heard);
        emitter.once(END, () -> {
            throw new IllegalStateException("once");
        });
        assertThrows(IllegalStateException.class, () -> emitter.emit(END));
        assertEquals(0, emitter.listenerCount(END), "a one-time listener that threw is gone");
    }

    @Test
    void eventsAreTheirOwnObjectsNotTheirNames() {
        Event<String> otherData = Event.named("data");
        emitter.on(DATA, v -> heard.add("mine"));
        emitter.emit(otherData, "x");
        assertEquals(List.of(), heard);
        assertEquals("'data'", DATA.toString());
    }
}
