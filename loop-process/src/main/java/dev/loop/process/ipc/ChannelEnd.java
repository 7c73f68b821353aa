package dev.loop.process.ipc;

import dev.loop.api.EventLoop;
import dev.loop.api.Handle;
import dev.loop.process.spi.IpcReader;
import dev.loop.process.spi.IpcTransportProvider;
import dev.loop.process.spi.IpcWriter;
import dev.loop.spi.LoopContext;
import dev.loop.value.DataCloneException;
import dev.loop.value.ValueEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One process's end of a channel: the loop side that sends (encoding values, holding back what
 * does not fit, back pressure) and the channel thread that reads, decodes and hands messages to the
 * loop. The parent's {@code ChildProcess} and the child's {@code ParentPort} are each one of these
 * with Node's events on top.
 *
 * <p><b>Threads.</b> {@link #send}, {@link #disconnect} and the {@link Events} run on the owning
 * loop's thread. The channel thread (a daemon platform thread, one per end, which sleeps on a futex
 * when idle) only reads and decodes; it hands each batch of messages to the loop in one task, which
 * runs them as one callback each, in order. {@link #peerExited} may be called from any thread.
 * Nothing here blocks the loop.
 *
 * <p><b>Back pressure.</b> Pending bytes are those sent and not yet read by the other side, plus
 * those held back because the queue had no room. {@link #send} returns false once they reach the
 * high-water mark; a drain event follows when they fall to half of it.
 *
 * <p><b>Acknowledgement.</b> Messages are numbered from 1 in the order they are sent. The child's
 * loop stores, in the control file, the number of the message whose callback it begins
 * ({@code started}) and, once that callback has returned, the same number as {@code processed}:
 * two plain stores per message, and no message back. The parent's end keeps each message it sends
 * (the encoded array the transport copied from; nothing is copied again) until the child has
 * processed it, so that when the child dies, {@link #unacknowledged()} knows exactly which
 * messages it never processed, and whether the first of them was in its callback.
 */
public final class ChannelEnd {

    /** What {@code activeResources()} lists a channel writing out its backlog as. */
    private static final dev.loop.api.ResourceKind FLUSHING = dev.loop.api.ResourceKind.of("IPCWrite");

    /** What the loop hears from the channel, on its thread. */
    public interface Events {
        /**
         * A message arrived.
         *
         * @param value the decoded value
         */
        void message(Object value);

        /**
         * A message arrived that could not be decoded here (an unknown record or enum, a value
         * deeper than allowed): it is dropped, and later messages still arrive.
         *
         * @param error why
         */
        void messageError(DataCloneException error);

        /** Pending bytes fell to half the high-water mark after a send returned false. */
        void drain();

        /**
         * The channel is over: this side or the other disconnected, the other process ended, or
         * the incoming queue was corrupted. No message arrives after this.
         *
         * @param failure the corruption, or null
         */
        void ended(IOException failure);
    }

    /**
     * What a sender's end still holds when the receiver is gone: the messages it never acknowledged,
     * oldest first, as encoded.
     *
     * @param messages the encoded messages
     * @param firstMayHaveBeenProcessed whether the first was in its callback when the receiver
     *     died (or was already a redelivery of one that was): it may have been processed, in part
     */
    public record Unacknowledged(List<byte[]> messages, boolean firstMayHaveBeenProcessed) { }

    private static final int BATCH = 256;
    /** Sends between two looks at the receiver's acknowledgements: copies are let go in batches. */
    private static final int TRIM_EVERY = 64;
    /**
     * The longest a channel thread keeps polling after its last message before it sleeps on its
     * futex: a partner that answers within this is caught without a wake-up (tens of microseconds
     * on a virtual machine). The window adapts (see {@link #sleep()}): a sleep shorter than a
     * millisecond opens it to the full width, and each longer one halves it, so a channel that
     * carries a message every few milliseconds stops polling (and leaves the CPU to the loop
     * threads that handle the message) after a few of them.
     */
    private static final long MAX_SPIN_NANOS = 50_000;
    private static final long MIN_SPIN_NANOS = 1_000;
    /** A sleep shorter than this, ended by a message, says the partner answers quickly: poll fully. */
    private static final long QUICK_SLEEP_NANOS = 1_000_000;
    /** The longest a channel thread sleeps without a wake-up: a backstop, not a poll interval. */
    private static final long BACKSTOP_NANOS = 100_000_000L;

    private final int self;
    private final int peer;
    private final Control control;
    private final IpcWriter writer;
    private final IpcReader reader;
    private final LoopContext context;
    private final Events events;
    private final ClassLoader loader;
    private final long highWaterMark;
    private final Thread thread;
    private final CompletableFuture<Void> threadEnded = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean readingStarted = new java.util.concurrent.atomic.AtomicBoolean();

    // Loop thread only.
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private long backlogBytes;
    private long sentBytes;
    /**
     * The other side's read count as last read: pending bytes computed from it are never fewer
     * than the true ones, so the shared counter (a cache line the reader writes) is read again only
     * when they would reach the high-water mark.
     */
    private long receivedSeen;
    private boolean needDrain;
    /** Keeps the loop alive while messages are held back: they are sent before it may end. */
    private Handle flushing;
    private boolean open = true;
    private boolean disconnecting;
    /** Whether this end keeps a copy of each message until the other side acknowledges it (the parent's). */
    private final boolean keepsCopies;
    /** Copies of the messages sent and not yet acknowledged, oldest first. */
    private final ArrayDeque<byte[]> copies = new ArrayDeque<>();
    /** The number of the oldest message in {@link #copies}. */
    private long firstCopy = 1;
    private int sendsSinceTrim;
    /** Whether this end acknowledges what it processes (the child's: only the parent keeps copies to let go of). */
    private final boolean acknowledges;
    /** Incoming messages handed to this loop so far: the number of the last. */
    private long delivered;
    /** The incoming message the sender marked as possibly processed already; 0 for none. */
    private final long redeliveredHere;
    /** Whether the message whose callback runs now is that one. */
    private boolean handlingRedelivery;

    // Set by other threads, read by the channel thread after its doorbell rang.
    /** This side disconnected: deliver nothing more (the thread may still flush the backlog). */
    private volatile boolean stopReading;
    /** This side's disconnect is complete: the thread ends. */
    private volatile boolean quit;
    private volatile boolean peerGone;

    private ChannelEnd(int side, Control control, IpcWriter writer, IpcReader reader, EventLoop loop, Events events,
                       ClassLoader loader, long highWaterMark, String name) {
        this.self = side;
        this.peer = Control.other(side);
        this.control = control;
        this.writer = writer;
        this.reader = reader;
        this.context = LoopContext.of(loop);
        this.events = events;
        this.loader = loader;
        this.highWaterMark = highWaterMark;
        this.receivedSeen = control.received(peer); // 0: a channel's ends open before either sends
        this.keepsCopies = side == Control.PARENT;
        this.acknowledges = side == Control.CHILD;
        this.redeliveredHere = control.redelivered(side); // the parent wrote it before this child started
        this.thread = Thread.ofPlatform().daemon(true).name(name).unstarted(this::read);
    }

    /**
     * Opens this side's end of the channel in {@code directory} and starts its channel thread.
     *
     * @param loop the loop that owns the end; call on its thread
     * @param side {@link Control#PARENT} or {@link Control#CHILD}
     * @param transport the transport of both queues
     * @param directory the channel's directory
     * @param capacity the queues' capacity in bytes
     * @param highWaterMark pending bytes at which {@link #send} returns false
     * @param loader the class loader records and enums are decoded with
     * @param events where the channel's events go
     * @param threadName the channel thread's name
     * @param read whether to start reading now; else {@link #startReading()} does (a pooled child's
     *     messages wait in the queue until it is handed out)
     * @return the end
     * @throws IOException if a file cannot be opened
     */
    public static ChannelEnd open(EventLoop loop, int side, IpcTransportProvider transport, Path directory, long capacity,
                                  long highWaterMark, ClassLoader loader, Events events, String threadName, boolean read)
            throws IOException {
        Control control = Control.open(directory);
        IpcWriter writer = null;
        try {
            String out = side == Control.PARENT ? "to-child" : "to-parent";
            String in = side == Control.PARENT ? "to-parent" : "to-child";
            writer = transport.openWriter(directory, out, capacity);
            IpcReader reader = transport.openReader(directory, in, capacity);
            ChannelEnd end = new ChannelEnd(side, control, writer, reader, loop, events, loader, highWaterMark, threadName);
            control.attach(side);
            if (read) {
                end.startReading();
            }
            return end;
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            control.close();
            throw e;
        }
    }

    // ================================================================ the loop's side

    /**
     * Sends {@code value}: encodes it now (so later changes to it are not sent), then writes it,
     * or holds it back until the queue has room. Loop thread.
     *
     * @param value a structured value
     * @return false when pending bytes reached the high-water mark (a drain event follows)
     * @throws DataCloneException if the value cannot be sent; nothing was sent
     * @throws IllegalStateException if the channel is disconnected
     * @throws IllegalArgumentException if the encoded value is longer than the queue takes
     */
    public boolean send(Object value) {
        if (!open || disconnecting) {
            throw new IllegalStateException("the channel is disconnected: nothing more can be sent on it");
        }
        byte[] bytes = ValueEncoding.encode(value);
        if (bytes.length > writer.maxMessageBytes()) {
            throw new IllegalArgumentException("the value encodes to " + bytes.length + " bytes, more than the "
                    + writer.maxMessageBytes() + " one message may take on this channel; raise ForkOptions.withQueueCapacity "
                    + "or send it in parts");
        }
        return offer(bytes);
    }

    /**
     * Sends, before anything else and before the other side starts, what a dead child of the same
     * kind never acknowledged; marks the first as possibly processed when it may have been. Loop
     * thread; the parent's end, right after {@link #open}.
     *
     * @param unacknowledged what the dead child's channel held
     */
    public void redeliver(Unacknowledged unacknowledged) {
        if (unacknowledged.messages().isEmpty()) {
            return;
        }
        if (unacknowledged.firstMayHaveBeenProcessed()) {
            control.setRedelivered(peer, firstCopy + copies.size());
        }
        for (byte[] message : unacknowledged.messages()) {
            offer(message);
        }
    }

    /** Writes {@code bytes}, or holds them back; keeps a copy until acknowledged. */
    private boolean offer(byte[] bytes) {
        if (keepsCopies) {
            copies.addLast(bytes);
            if (++sendsSinceTrim >= TRIM_EVERY) {
                trimCopies();
            }
        }
        if (backlog.isEmpty() && writer.write(bytes)) {
            published(bytes.length);
        } else {
            backlog.addLast(bytes);
            backlogBytes += bytes.length;
            if (flushing == null) {
                flushing = context.loop().keepAlive(FLUSHING);
            }
            control.setWantsNews(self, true);
            control.wakeIfSleeping(peer); // its reader may have just found the queue empty
            control.wakeIfSleeping(self); // our thread may have looked for news before the flag was up
        }
        if (pending() >= highWaterMark) {
            needDrain = true;
            control.setWantsNews(self, true);
            control.wakeIfSleeping(self); // as above: the reader may have caught up before the flag was up
            return false;
        }
        return true;
    }

    /**
     * The other process never started: what was held back for it (a redelivery, sends before the
     * start) will never be read, so a disconnect waiting for it finishes now. The parent's copies
     * stay, among the unacknowledged. Loop thread.
     */
    public void peerNeverStarted() {
        backlog.clear();
        backlogBytes = 0;
        stopFlushing();
        if (disconnecting && open) {
            finishDisconnect();
        }
    }

    /** Lets go of the copies the other side has acknowledged. */
    private void trimCopies() {
        sendsSinceTrim = 0;
        long processed = control.processed(peer);
        while (firstCopy <= processed && !copies.isEmpty()) {
            copies.pollFirst();
            firstCopy++;
        }
    }

    /**
     * What the other side never acknowledged: every message sent (or held back) whose callback did
     * not return there. Meaningful once the other process has ended; the parent's end only (a
     * child's end keeps no copies, and returns none). Loop thread, before {@link #release()}.
     *
     * @return the messages, oldest first, and whether the first may have been processed
     */
    public Unacknowledged unacknowledged() {
        trimCopies();
        boolean inCallback = !copies.isEmpty()
                && (control.started(peer) == firstCopy || control.redelivered(peer) == firstCopy);
        Unacknowledged left = new Unacknowledged(List.copyOf(copies), inCallback);
        firstCopy += copies.size();
        copies.clear(); // handed over: the channel is over, and keeps no copies
        return left;
    }

    /**
     * Whether the message whose callback runs now was marked by the sender as possibly processed
     * already: it was in its callback in an earlier child that died. Loop thread.
     *
     * @return true during that one callback
     */
    public boolean handlingRedelivery() {
        return handlingRedelivery;
    }

    private void published(long bytes) {
        sentBytes += bytes;
        // Orders the transport's publishing store before the read of sleeping (see Control).
        java.lang.invoke.VarHandle.fullFence();
        control.wakeIfSleeping(peer);
    }

    /** Bytes sent and not yet read by the other side, plus those held back. */
    private long pending() {
        long pending = sentBytes - receivedSeen + backlogBytes;
        if (pending >= highWaterMark / 2) {
            receivedSeen = control.received(peer);
            pending = sentBytes - receivedSeen + backlogBytes;
        }
        return pending;
    }

    /**
     * Whether messages can still be sent. Loop thread.
     *
     * @return false after a disconnect from either side, or the end of the other process
     */
    public boolean isOpen() {
        return open && !disconnecting;
    }

    /**
     * Disconnects: what was sent (and held back) is still delivered, then the other side hears of
     * it; nothing more arrives here. Loop thread. Does nothing if already disconnected.
     *
     * @return false if it was disconnected already
     */
    public boolean disconnect() {
        if (!open || disconnecting) {
            return false;
        }
        disconnecting = true;
        stopReading = true;
        control.wake(self);
        if (backlog.isEmpty()) {
            finishDisconnect();
        }
        return true;
    }

    private void finishDisconnect() {
        control.close(self);
        control.wakeIfSleeping(peer);
        open = false;
        control.setWantsNews(self, false);
        quit = true;
        control.wake(self);
    }

    /** The other side read some: write what was held back, and say drain when it is time. */
    private void onNews() {
        if (!open) {
            return; // disconnected or ended meanwhile: the files may be unmapped already
        }
        while (!backlog.isEmpty() && writer.write(backlog.peekFirst())) {
            byte[] sent = backlog.pollFirst();
            backlogBytes -= sent.length;
            published(sent.length);
        }
        if (backlog.isEmpty()) {
            stopFlushing();
        }
        if (disconnecting && open && backlog.isEmpty()) {
            finishDisconnect();
            return;
        }
        boolean drain = needDrain && pending() <= highWaterMark / 2;
        if (drain) {
            needDrain = false;
        }
        control.setWantsNews(self, needDrain || !backlog.isEmpty());
        if (drain && open) {
            events.drain();
        }
    }

    /**
     * The other process has ended (its exit was seen): the channel thread reads what it left, then
     * ends the channel. Any thread.
     */
    public void peerExited() {
        peerGone = true;
        control.wake(self);
        startReading(); // an end that never read still hands over its end, so that exit follows
    }

    /**
     * Tells the other side that this one is gone, without the loop: its reader delivers what it
     * has and ends the channel. For a channel this side gave up (corrupted) or a loop that closed
     * with a detached child still running. Any thread, while the files are mapped.
     */
    public void closeAbruptly() {
        control.close(self);
        control.wakeIfSleeping(peer);
    }

    /**
     * Has the channel thread check, whenever it wakes from a sleep, that the other side is still
     * there: for a detached child, whose parent may die without closing its end (a detached child
     * does not die with its parent, so its port must hear of it). Any thread.
     *
     * @param alive says whether the other process still runs
     */
    public void watchPeer(java.util.function.BooleanSupplier alive) {
        this.peerAlive = alive;
        control.wake(self);
    }

    private volatile java.util.function.BooleanSupplier peerAlive;

    /** Starts the channel thread, once. Any thread. */
    public void startReading() {
        if (readingStarted.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /**
     * Whether the other side's JVM has reached its main, so that its Java runtime is initialised
     * (for a child: {@code ChildMain} has begun, before the user's main class).
     *
     * @return true once it has
     */
    public boolean peerRunning() {
        return control.running(peer);
    }

    /**
     * Whether the other side has opened its end (for a child: its main class is running and took
     * its parent port).
     *
     * @return true once it has
     */
    public boolean peerAttached() {
        return control.attached(peer);
    }

    /**
     * Completes when the channel thread has ended; then {@link #release()} may run.
     *
     * @return the stage
     */
    public CompletableFuture<Void> threadEnded() {
        return threadEnded;
    }

    /** Unmaps the files, after the channel thread ended and the loop stopped sending. Any thread. */
    public void release() {
        threadEnded.join();
        writer.close();
        control.close();
    }

    /**
     * The child's startup failure recorded in the control file, if any.
     *
     * @return the message, or null
     */
    public String childFailure() {
        return control.failure();
    }

    // ================================================================ the channel thread

    private long newsSeen;

    private void read() {
        IOException failure = null;
        try {
            long active = System.nanoTime();
            int idle = 0;
            while (!quit) {
                int read = stopReading ? 0 : readBatch();
                boolean news = watchNews();
                if (read > 0 || news) {
                    idle = 0;
                    active = System.nanoTime();
                    continue;
                }
                if (peerGone || control.closed(peer)) {
                    if (stopReading || !reader.hasNext()) {
                        break; // everything the other side wrote has been handed over
                    }
                    continue;
                }
                if ((++idle & 63) != 0 || System.nanoTime() - active < spinNanos) {
                    Thread.onSpinWait();
                    continue;
                }
                sleep();
                idle = 0;
                active = System.nanoTime();
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = new IOException("the channel thread failed: " + e, e);
        } finally {
            reader.close();
            if (failure != null) {
                closeAbruptly(); // the other side must not wait on a channel this side gave up
            }
            IOException cause = failure;
            // After this side's own disconnect, end() finds the channel closed and says nothing.
            context.deliverUnlessClosed(() -> context.invoke(() -> end(cause)));
            threadEnded.complete(null);
        }
    }

    /** Reads up to a batch, hands it to the loop, and tells a writer waiting for news. */
    private int readBatch() throws IOException {
        List<Object> batch = null;
        long bytes = 0;
        byte[] message;
        while ((batch == null || batch.size() < BATCH) && !stopReading && (message = reader.read()) != null) {
            if (batch == null) {
                batch = new ArrayList<>();
            }
            bytes += message.length;
            batch.add(decode(message));
        }
        if (batch == null) {
            return 0;
        }
        control.addReceived(self, bytes);
        java.lang.invoke.VarHandle.fullFence();
        if (control.wantsNews(peer)) {
            control.wakeIfSleeping(peer);
        }
        List<Object> messages = batch;
        context.deliverUnlessClosed(() -> {
            for (Object m : messages) {
                context.invoke(() -> dispatch(m));
            }
        });
        return messages.size();
    }

    private Object decode(byte[] message) {
        try {
            return ValueEncoding.decode(message, loader);
        } catch (DataCloneException e) {
            return new Undecodable(e);
        }
    }

    private record Undecodable(DataCloneException error) { }

    private void dispatch(Object message) {
        long number = ++delivered;
        if (!isOpen()) {
            return; // this side disconnected, or the channel ended, after the batch was read: not processed
        }
        if (!acknowledges) {
            deliver(message);
            return;
        }
        control.setStarted(self, number);
        handlingRedelivery = number == redeliveredHere;
        try {
            deliver(message);
        } finally { // a callback that threw is done with its message too: it is not delivered again
            handlingRedelivery = false;
            control.setProcessed(self, number);
        }
    }

    private void deliver(Object message) {
        if (message instanceof Undecodable(DataCloneException error)) {
            events.messageError(error);
        } else {
            events.message(message);
        }
    }

    /** Our writer waits for the other side to read: tell the loop when it has. */
    private boolean watchNews() {
        if (!control.wantsNews(self)) {
            return false;
        }
        long received = control.received(peer);
        if (received == newsSeen) {
            return false;
        }
        newsSeen = received;
        context.deliverUnlessClosed(this::onNews);
        return true;
    }

    /** The polling window, adapted after each sleep. Channel thread only. */
    private long spinNanos = MAX_SPIN_NANOS;

    private void sleep() {
        int seen = control.doorbell(self);
        control.setSleeping(self, true);
        long start = System.nanoTime();
        try {
            if (quit || peerGone || control.closed(peer) || (!stopReading && reader.hasNext())
                    || (control.wantsNews(self) && control.received(peer) != newsSeen)) {
                return;
            }
            control.await(self, seen, BACKSTOP_NANOS);
            java.util.function.BooleanSupplier alive = peerAlive;
            if (alive != null && !alive.getAsBoolean()) {
                peerGone = true; // it died without closing its end: end the channel as if it had
            }
        } finally {
            control.setSleeping(self, false);
        }
        long slept = System.nanoTime() - start;
        if (slept < QUICK_SLEEP_NANOS) {
            spinNanos = MAX_SPIN_NANOS; // the partner answers quickly: poll fully again
        } else {
            spinNanos = spinNanos / 2 < MIN_SPIN_NANOS ? 0 : spinNanos / 2;
        }
    }

    private void stopFlushing() {
        if (flushing != null) {
            flushing.close();
            flushing = null;
        }
    }

    /** On the loop: the channel is over. */
    private void end(IOException failure) {
        boolean wasOpen = open && !disconnecting;
        open = false;
        disconnecting = false;
        backlog.clear(); // the other side is gone: nobody would read them (the parent keeps their copies)
        backlogBytes = 0;
        stopFlushing();
        if (wasOpen || failure != null) {
            events.ended(failure);
        }
    }

    @Override
    public String toString() {
        return "ChannelEnd[" + (self == Control.PARENT ? "parent" : "child") + ", " + Objects.toString(thread.getName()) + "]";
    }
}
