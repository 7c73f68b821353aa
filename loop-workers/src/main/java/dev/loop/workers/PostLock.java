package dev.loop.workers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A mailbox's lock: a flag set by a CAS and cleared by a release store, so a post costs one atomic
 * read-modify-write. It is held for a put and nothing slow; a thread that finds it held spins, then
 * yields to a holder that may have lost its processor, and the consumer can ask for it without
 * waiting. What a holder wrote before {@link #unlock()} happens-before what the next holder does
 * after its {@link #lock()} or successful {@link #tryLock()} (the release store and the CAS that
 * reads it).
 *
 * <p>The flag sits alone on its cache line (the padding), since a poster writes it per message and
 * a consumer reading a neighbour would take the line from the poster each time.
 */
final class PostLock {

    private static final VarHandle LOCKED;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(PostLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Spins before a waiting thread yields its processor to the holder. */
    private static final int SPINS = 100;

    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
    /** 1 while a thread holds the lock. */
    @SuppressWarnings("unused") // through LOCKED
    private volatile int locked;
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    /** Any thread: takes the lock, spinning while another thread holds it. */
    void lock() {
        for (int spins = 0; !LOCKED.compareAndSet(this, 0, 1); spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder may have lost its processor mid-put
            }
        }
    }

    /** Any thread: takes the lock if it is free, without waiting. */
    boolean tryLock() {
        return LOCKED.compareAndSet(this, 0, 1);
    }

    /** The holder: releases the lock. */
    void unlock() {
        LOCKED.setRelease(this, 0);
    }

    /** Whether some thread holds it (for assertions). */
    boolean isLocked() {
        return (int) LOCKED.getVolatile(this) == 1;
    }
}
