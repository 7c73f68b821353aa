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
 * <p>The flag sits alone on its cache line, since a poster writes it per message and a consumer
 * reading a neighbour would take the line from the poster each time. The padding is byte fields in
 * the classes around it (as JCTools pads): HotSpot lays a class's fields out largest first and
 * fills the gap after the object header with a small one, so padding fields beside the flag in one
 * class would not keep it apart.
 */
final class PostLock extends PostLockFlag {

    private static final VarHandle LOCKED;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(PostLockFlag.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Spins before a waiting thread yields its processor to the holder. */
    private static final int SPINS = 100;

    // a cache line of padding after the flag
    @SuppressWarnings("unused")
    private byte a00, a01, a02, a03, a04, a05, a06, a07, a08, a09, a10, a11, a12, a13, a14, a15;
    @SuppressWarnings("unused")
    private byte a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29, a30, a31;
    @SuppressWarnings("unused")
    private byte a32, a33, a34, a35, a36, a37, a38, a39, a40, a41, a42, a43, a44, a45, a46, a47;
    @SuppressWarnings("unused")
    private byte a48, a49, a50, a51, a52, a53, a54, a55, a56, a57, a58, a59, a60, a61, a62, a63;

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

/** The flag, after a cache line of padding. */
abstract class PostLockFlag extends PostLockPadding {
    /** 1 while a thread holds the lock; through {@code PostLock.LOCKED} only. */
    volatile int locked;
}

/** A cache line of padding before the flag. */
abstract class PostLockPadding {
    @SuppressWarnings("unused")
    private byte b00, b01, b02, b03, b04, b05, b06, b07, b08, b09, b10, b11, b12, b13, b14, b15;
    @SuppressWarnings("unused")
    private byte b16, b17, b18, b19, b20, b21, b22, b23, b24, b25, b26, b27, b28, b29, b30, b31;
    @SuppressWarnings("unused")
    private byte b32, b33, b34, b35, b36, b37, b38, b39, b40, b41, b42, b43, b44, b45, b46, b47;
    @SuppressWarnings("unused")
    private byte b48, b49, b50, b51, b52, b53, b54, b55, b56, b57, b58, b59, b60, b61, b62, b63;
}
