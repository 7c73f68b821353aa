package com.example.porter;

import dev.loop.api.EventLoop;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A Node script of timers and promises ({@code script.js} beside the tests), line for line:
 * <pre>{@code
 * const { setTimeout: delay } = require('timers/promises');
 * process.once('beforeExit', () => log('beforeExit'));
 * process.on('exit', () => log('exit'));
 * setImmediate(() => log('immediate'));
 * Promise.resolve(20).then(n => n + 1).then(n => log('promise ' + n));
 * process.nextTick(() => log('nextTick'));
 * log('sync');
 * setTimeout(() => log('timeout'), 50);
 * delay(60, 'later').then(v => log('delay ' + v));
 * }</pre>
 */
public final class Script {

    private Script() {
    }

    /**
     * Runs the script on a loop of its own, to the end.
     *
     * @param log receives each line
     */
    public static void run(Consumer<String> log) {
        try (EventLoop loop = EventLoop.create()) {
            loop.once(EventLoop.BEFORE_EXIT, () -> log.accept("beforeExit"));
            loop.on(EventLoop.EXIT, () -> log.accept("exit"));
            loop.run(() -> {
                loop.setImmediate(() -> log.accept("immediate"));
                loop.resolved(20).then(n -> n + 1).thenAccept(n -> log.accept("promise " + n));
                loop.nextTick(() -> log.accept("nextTick"));
                log.accept("sync");
                loop.setTimeout(() -> log.accept("timeout"), 50);
                loop.delay(Duration.ofMillis(60), "later").thenAccept(v -> log.accept("delay " + v));
            });
        }
    }

    /**
     * Prints the script's lines.
     *
     * @param args none
     */
    public static void main(String[] args) {
        run(System.out::println);
    }
}
