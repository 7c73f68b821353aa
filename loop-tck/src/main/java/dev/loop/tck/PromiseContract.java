package dev.loop.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loop.api.AggregateException;
import dev.loop.api.EventLoop;
import dev.loop.api.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Promise semantics, checked against what Node 20 prints for the same programs. */
public abstract class PromiseContract extends OneLoopSuite {

    /** For subclasses, which name the poller under test. */
    protected PromiseContract() {
    }


    private final List<String> log = new ArrayList<>();

    /**
     * Node prints "a1 b1 c1 finally a2 b2 c2 a3 adopt c3 c4 compose caught" for:
     * <pre>
     * const p = Promise.resolve();
     * p.then(()=>log('a1')).then(()=>log('a2')).then(()=>log('a3'));
     * p.then(()=>log('b1')).then(()=>log('b2'));
     * new Promise(r => r(Promise.resolve(1))).then(()=>log('adopt'));
     * Promise.resolve().then(()=>log('c1')).then(()=>log('c2')).then(()=>log('c3')).then(()=>log('c4'));
     * Promise.resolve().then(()=>Promise.resolve(5)).then(()=>log('compose'));
     * Promise.reject(new Error('x')).finally(()=>log('finally')).catch(()=>log('caught'));
     * </pre>
     */
    @Test
    public void microtaskHopsMatchJavaScript() {
        loop.run(() -> {
            Promise<Object> p = loop.resolved(null);
            p.thenAccept(v -> log.add("a1")).thenAccept(v -> log.add("a2")).thenAccept(v -> log.add("a3"));
            p.thenAccept(v -> log.add("b1")).thenAccept(v -> log.add("b2"));
            loop.<Integer>promise(r -> r.resolveWith(loop.resolved(1))).thenAccept(v -> log.add("adopt"));
            loop.resolved(null).thenAccept(v -> log.add("c1")).thenAccept(v -> log.add("c2"))
                    .thenAccept(v -> log.add("c3")).thenAccept(v -> log.add("c4"));
            loop.resolved(null).thenCompose(v -> loop.resolved(5)).thenAccept(v -> log.add("compose"));
            loop.rejected(new IllegalStateException("x")).andFinally(() -> log.add("finally"))
                    .catchError(e -> log.add("caught"));
        });
        assertEquals("a1 b1 c1 finally a2 b2 c2 a3 adopt c3 c4 compose caught", String.join(" ", log));
    }

    @Test
    public void reactionsNeverRunSynchronously() {
        loop.run(() -> {
            loop.resolved("v").thenAccept(log::add);
            log.add("sync");
        });
        assertEquals(List.of("sync", "v"), log);
    }

    @Test
    public void thenMapsAndCatchRecovers() {
        List<Object> out = new ArrayList<>();
        loop.run(() -> loop.resolved(20)
                .then(n -> n + 1)
                .then(n -> {
                    if (n == 21) {
                        throw new IllegalArgumentException("boom " + n);
                    }
                    return n;
                })
                .catchError(e -> e.getMessage().length())
                .thenAccept(out::add));
        assertEquals(List.of("boom 21".length()), out);
    }

    @Test
    public void executorThatThrowsRejects() {
        List<Throwable> out = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("in executor");
        loop.run(() -> loop.<String>promise(r -> {
            throw failure;
        }).catchError(e -> {
            out.add(e);
            return null;
        }));
        assertEquals(List.of(failure), out);
    }

    @Test
    public void firstResolutionWins() {
        List<Object> out = new ArrayList<>();
        loop.run(() -> {
            Promise.Resolvers<String> r = loop.withResolvers();
            r.resolve("first");
            r.resolve("second");
            r.reject(new IllegalStateException("late"));
            r.promise().thenAccept(out::add);
        });
        assertEquals(List.of("first"), out);
    }

    @Test
    public void resolvingWithItselfRejects() {
        List<Throwable> out = new ArrayList<>();
        loop.run(() -> {
            Promise.Resolvers<Object> r = loop.withResolvers();
            r.resolveWith(r.promise());
            r.promise().catchError(e -> {
                out.add(e);
                return null;
            });
        });
        assertEquals(1, out.size());
        assertInstanceOf(IllegalArgumentException.class, out.get(0));
    }

    @Test
    public void resolversFromAnotherThreadSettleOnTheLoop() throws Exception {
        List<String> out = new ArrayList<>();
        loop.run(() -> {
            Promise.Resolvers<String> r = loop.withResolvers();
            var pending = loop.keepAlive();
            r.promise().thenAccept(v -> {
                assertTrue(loop.inLoop());
                out.add(v);
                pending.close();
            });
            Thread.ofPlatform().start(() -> r.resolve("from another thread"));
        });
        assertEquals(List.of("from another thread"), out);
    }

    @Test
    public void combinatorsFollowJavaScript() {
        List<Object> out = new ArrayList<>();
        loop.run(() -> {
            Promise<Integer> one = loop.resolved(1);
            Promise<Integer> two = loop.resolved(2);
            Promise<Integer> bad = loop.rejected(new IllegalStateException("bad"));
            Promise.all(loop, List.of(one, two)).thenAccept(out::add);
            Promise.all(loop, List.of(one, bad)).catchError(e -> {
                out.add("all rejected: " + e.getMessage());
                return null;
            });
            Promise.allSettled(loop, List.of(one, bad)).thenAccept(s -> out.add(s.get(0).state() + "/" + s.get(1).state()));
            Promise.any(loop, List.of(bad, two)).thenAccept(out::add);
            Promise.<Integer>any(loop, List.of(bad)).catchError(e -> {
                out.add(((AggregateException) e).errors().size());
                return null;
            });
            Promise.race(loop, List.of(two, one)).thenAccept(v -> out.add("race " + v));
        });
        assertTrue(out.contains(List.of(1, 2)), out::toString);
        assertTrue(out.contains("all rejected: bad"), out::toString);
        assertTrue(out.contains("FULFILLED/REJECTED"), out::toString);
        assertTrue(out.contains(2), out::toString);
        assertTrue(out.contains(1), out::toString);
        assertTrue(out.contains("race 2"), out::toString);
    }

    @Test
    public void toCompletableFutureAndFromStageRoundTrip() throws Exception {
        CompletableFuture<String> external = new CompletableFuture<>();
        CompletableFuture<?>[] converted = new CompletableFuture<?>[1];
        loop.run(() -> {
            Promise<String> p = loop.fromStage(external); // a request in flight keeps the loop alive
            converted[0] = p.then(s -> s + "!").toCompletableFuture();
            Thread.ofPlatform().start(() -> external.complete("done"));
        });
        assertEquals("done!", converted[0].get(5, TimeUnit.SECONDS));
    }

    @Test
    public void fromStageCarriesTheFailureCause() {
        List<Throwable> out = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("stage failed");
        loop.run(() -> loop.fromStage(CompletableFuture.failedFuture(failure)).catchError(e -> {
            out.add(e);
            return null;
        }));
        assertEquals(List.of(failure), out);
    }

    @Test
    public void rejectedFutureCarriesTheReason() {
        CompletableFuture<?>[] converted = new CompletableFuture<?>[1];
        IllegalStateException failure = new IllegalStateException("no");
        loop.run(() -> converted[0] = loop.rejected(failure).toCompletableFuture());
        ExecutionException e = assertThrows(ExecutionException.class, () -> converted[0].get(1, TimeUnit.SECONDS));
        assertSame(failure, e.getCause());
    }

    @Test
    public void followingAPromiseOfAnotherLoopSettlesOnThisOne() throws Exception {
        EventLoop other = startLoop("other-loop");
        try {
            CompletableFuture<Promise<String>> foreign = new CompletableFuture<>();
            other.execute(() -> {
                Promise.Resolvers<String> r = other.withResolvers();
                foreign.complete(r.promise());
                other.setTimeout(() -> r.resolve("from the other loop"), 10);
            });
            Promise<String> remote = foreign.get(5, TimeUnit.SECONDS);
            List<String> out = new ArrayList<>();
            loop.run(() -> loop.resolved(1).thenCompose(v -> remote).thenAccept(v -> {
                assertTrue(loop.inLoop());
                out.add(v);
            }));
            assertEquals(List.of("from the other loop"), out);
        } finally {
            other.close();
        }
    }

    @Test
    public void reactionsAreLoopThreadOnly() throws Exception {
        Promise<?>[] p = new Promise<?>[1];
        loop.run(() -> p[0] = loop.resolved(1));
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                p[0].then(v -> v);
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        assertInstanceOf(IllegalStateException.class, thrown.get(5, TimeUnit.SECONDS));
    }
}
