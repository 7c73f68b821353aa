package dev.loop.process.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread per JVM that watches child processes' descriptors (pipe ends and pidfds) with
 * {@code epoll}, so that no child costs a thread of its own. It only says that a descriptor is
 * ready: whoever registered it reads, writes or reaps (usually on its loop, after the ready
 * callback hands it over).
 *
 * <p>Every registration is one-shot ({@code EPOLLONESHOT}): after it fires once it stays quiet
 * until {@link #rearm}. That is the back pressure: a paused stream does not re-arm, so nobody reads
 * its pipe and the child blocks on its own write, as under Node.
 *
 * <p><b>Thread safety:</b> any thread. {@code epoll_ctl} takes effect at once, even while the
 * reactor thread waits. Happens-before: a registration's callback is put in the map (a volatile
 * write) before {@code epoll_ctl} adds its descriptor, so the reactor thread, which looks it up after
 * the kernel reported the descriptor, finds it. A token is never reused, so an event that raced
 * {@link #unregister} (the descriptor closed, its number reused) finds no callback, and is dropped.
 */
public final class Reactor {

    /** Readable, or its peer closed. */
    public static final int IN = 0x001;
    /** Writable. */
    public static final int OUT = 0x004;
    private static final int ONESHOT = 1 << 30;
    private static final int CTL_ADD = 1;
    private static final int CTL_DEL = 2;
    private static final int CTL_MOD = 3;
    private static final int MAX_EVENTS = 64;

    /** struct epoll_event is packed on x86-64 (12 bytes), naturally aligned elsewhere (16). */
    private static final boolean PACKED = !"aarch64".equals(System.getProperty("os.arch"));
    private static final long EVENT_SIZE = PACKED ? 12 : 16;
    private static final long DATA = PACKED ? 4 : 8;

    private static final MethodHandle CREATE = Ffi.downcall("epoll_create1",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Ffi.CAPTURE_ERRNO);
    private static final MethodHandle CTL = Ffi.downcall("epoll_ctl", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Ffi.CAPTURE_ERRNO);
    private static final MethodHandle WAIT = Ffi.downcall("epoll_wait", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Ffi.CAPTURE_ERRNO);
    private static final ThreadLocal<MemorySegment> EVENT = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(16, 8));

    private static volatile Reactor instance;

    private final int epoll;
    private final Map<Long, Runnable> callbacks = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    private Reactor(int epoll) {
        this.epoll = epoll;
    }

    /**
     * The JVM's reactor, started on first use.
     *
     * @return the reactor
     */
    public static Reactor get() {
        Reactor reactor = instance;
        if (reactor != null) {
            return reactor;
        }
        synchronized (Reactor.class) {
            if (instance == null) {
                MemorySegment errno = Ffi.errnoScratch();
                int fd;
                try {
                    fd = (int) CREATE.invokeExact(errno, Posix.O_CLOEXEC);
                } catch (Throwable t) {
                    throw Ffi.rethrow(t);
                }
                if (fd < 0) {
                    throw new IllegalStateException("epoll_create1 failed: errno " + Ffi.errno(errno));
                }
                Reactor created = new Reactor(fd);
                Thread.ofPlatform().daemon(true).name("loop-process-reactor").start(created::run);
                instance = created;
            }
            return instance;
        }
    }

    /**
     * A new registration's token, never used before: take it before {@link #register}, so that the
     * ready callback (which may run before {@code register} returns) knows it.
     *
     * @return the token
     */
    public long newToken() {
        return tokens.incrementAndGet();
    }

    /**
     * Watches {@code fd} for {@code events} once: {@code ready} runs on the reactor thread when it
     * is ready (or in error, or its peer closed). Re-arm with {@link #rearm} for more.
     *
     * @param fd the descriptor
     * @param events {@link #IN} or {@link #OUT}
     * @param token from {@link #newToken()}, for {@link #rearm} and {@link #unregister}
     * @param ready what to run, on the reactor thread: hand the work to a loop, never block
     */
    public void register(int fd, int events, long token, Runnable ready) {
        callbacks.put(token, ready);
        int result = control(CTL_ADD, fd, events, token);
        if (result < 0) {
            callbacks.remove(token);
            throw new IllegalStateException("epoll_ctl(ADD, " + fd + ") failed: errno " + -result);
        }
    }

    /**
     * Watches a registered descriptor once more, for {@code events}.
     *
     * @param fd the descriptor
     * @param token its registration's token
     * @param events {@link #IN}, {@link #OUT} or both
     */
    public void rearm(int fd, long token, int events) {
        int result = control(CTL_MOD, fd, events, token);
        if (result < 0) {
            throw new IllegalStateException("epoll_ctl(MOD, " + fd + ") failed: errno " + -result);
        }
    }

    /**
     * Stops watching {@code fd}; call before closing it. A ready callback already running may
     * still finish.
     *
     * @param fd the descriptor
     * @param token its registration's token
     */
    public void unregister(int fd, long token) {
        callbacks.remove(token);
        control(CTL_DEL, fd, 0, token);
    }

    private int control(int op, int fd, int events, long token) {
        MemorySegment event = EVENT.get();
        event.set(ValueLayout.JAVA_INT, 0, events | ONESHOT);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA, token);
        MemorySegment errno = Ffi.errnoScratch();
        try {
            int result = (int) CTL.invokeExact(errno, epoll, op, fd, event);
            return result < 0 ? -Ffi.errno(errno) : 0;
        } catch (Throwable t) {
            throw Ffi.rethrow(t);
        }
    }

    private void run() {
        MemorySegment events = Arena.ofAuto().allocate(EVENT_SIZE * MAX_EVENTS, 8);
        MemorySegment errno = Ffi.errnoScratch();
        while (true) {
            int ready;
            try {
                ready = (int) WAIT.invokeExact(errno, epoll, events, MAX_EVENTS, -1);
            } catch (Throwable t) {
                throw Ffi.rethrow(t);
            }
            if (ready < 0) {
                if (Ffi.errno(errno) == Posix.EINTR) {
                    continue;
                }
                throw new IllegalStateException("epoll_wait failed: errno " + Ffi.errno(errno));
            }
            for (int i = 0; i < ready; i++) {
                long token = events.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA);
                Runnable callback = callbacks.get(token);
                if (callback != null) {
                    try {
                        callback.run();
                    } catch (RuntimeException | Error e) {
                        // One registration's failure must not stop every child's I/O.
                        System.getLogger(Reactor.class.getName()).log(System.Logger.Level.ERROR,
                                "a child process's I/O callback failed", e);
                    }
                }
            }
        }
    }
}
