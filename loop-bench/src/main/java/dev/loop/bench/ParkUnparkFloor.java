package dev.loop.bench;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor for waking a sleeping thread: one slot and {@link LockSupport#park}/{@link
 * LockSupport#unpark}, with no queue and no spinning. {@link #execute} puts the task in the slot
 * and unparks the partner thread, which runs it and parks again. Waking any parked Java thread costs
 * at least this.
 *
 * <p><b>Thread safety:</b> {@link #execute} from one thread at a time (a single slot: a second task
 * submitted before the first ran would overwrite it), {@link #close()} from any thread.
 */
final class ParkUnparkFloor implements Executor {

    private final Thread partner;
    /** Written by the submitter, cleared by the partner. */
    private volatile Runnable slot;
    /** Written once by close(); read by the partner. */
    private volatile boolean closed;

    ParkUnparkFloor(String threadName) {
        this.partner = Thread.ofPlatform().name(threadName).daemon(true).start(this::serve);
    }

    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException(partner.getName() + " is closed");
        }
        // ordering: volatile write before unpark; the partner's volatile read after park returns
        // sees it (an unpark before the park leaves a permit, so the partner cannot miss it).
        slot = task;
        LockSupport.unpark(partner);
    }

    private void serve() {
        while (!closed) {
            Runnable task = slot;
            if (task == null) {
                LockSupport.park(this);
            } else {
                slot = null;
                task.run();
            }
        }
    }

    /** Stops the partner thread and waits for it. */
    void close() {
        closed = true;
        LockSupport.unpark(partner);
        try {
            partner.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (partner.isAlive()) {
            throw new IllegalStateException(partner.getName() + " did not stop within 10 s");
        }
    }
}
