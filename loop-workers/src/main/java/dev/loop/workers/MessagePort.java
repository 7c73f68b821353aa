package dev.loop.workers;

import dev.loop.api.EventLoop;
import dev.loop.value.Transferable;
import java.util.Collection;
import java.util.List;

/**
 * One end of a {@link MessageChannel} (Node's {@code MessagePort}): what one end posts, the other
 * receives, in order, in its loop's poll phase. See {@link MessageTarget} for delivery, liveness
 * and threads.
 *
 * <p><b>Transfer.</b> A port moves to another thread by being listed in a
 * {@code postMessage(value, transferList)} that also carries it in the value. The sender's object
 * is detached (posting to it throws), and the receiver's starts on the loop that calls its
 * {@link #onMessage}; messages that arrive meanwhile wait for it. A port cannot be sent through its
 * own channel.
 *
 * <p><b>Closing.</b> {@link #close()} on either end closes the channel for both. Every message
 * posted before the close (whose {@code postMessage} returned) is delivered to the other end's
 * listener before its close listener runs; posting after the close throws. So no message is lost
 * or delivered twice, even when both ends close at once. Unlike Node, where a port that closes
 * itself drops the messages it has not read yet, these are delivered too.
 */
public final class MessagePort extends MessageTarget<MessagePort> implements Transferable {

    private final Channel channel;
    private final Mailbox mine;
    /** Written on the owner's thread when a transfer commits; read by posters on any thread. */
    private volatile boolean detached;

    MessagePort(Channel channel, Mailbox mine) {
        this.channel = channel;
        this.mine = mine;
    }

    @Override
    Mailbox mailbox() {
        return mine;
    }

    /** The channel this port is an end of. */
    Channel channel() {
        return channel;
    }

    /**
     * Posts a structured value to the other end. Any thread may call it, and it never blocks: the
     * message joins the receiver's queue, which is unbounded as a Node port's is, and the task
     * that delivers it is never refused by the receiving loop's {@code maxPendingTasks} bound. So
     * loops posting to each other, bounded or not, cannot wait on each other.
     *
     * @param value the message, copied now
     * @throws dev.loop.value.DataCloneException if the value cannot be cloned; nothing is sent
     * @throws IllegalStateException if the channel is closed or this port was transferred away
     */
    public void postMessage(Object value) {
        postMessage(value, List.of());
    }

    /**
     * Posts a structured value to the other end, moving the objects in {@code transferList}
     * ({@link dev.loop.value.ArrayBuffer}s and other ports) instead of copying them. Any thread
     * may call it; ports in the list must be transferred from their owner's thread.
     *
     * @param value the message, copied now
     * @param transferList what to move
     * @throws dev.loop.value.DataCloneException if the value cannot be cloned or the transfer
     *     list is wrong; nothing is sent and nothing is detached
     * @throws IllegalStateException if the channel is closed or this port was transferred away
     */
    public void postMessage(Object value, Collection<?> transferList) {
        if (detached) {
            throw new IllegalStateException("this MessagePort was transferred to another thread and is detached here;"
                    + " post through the port the receiver got");
        }
        for (Object item : transferList) {
            if (item instanceof MessagePort port && port.channel == channel) {
                throw Channel.sourcePort();
            }
        }
        channel.post(channel.peerOf(mine), value, transferList);
    }

    /**
     * Closes the channel, for both ends. Messages already posted are still delivered; then each
     * end's close listener runs (this end's too, on its loop). Calls after the first, and calls on
     * a detached port, do nothing.
     */
    public void close() {
        if (detached) {
            return;
        }
        if (!bound() && EventLoop.current().isPresent()) {
            bind("close"); // so that this end's close listener runs
        }
        channel.close();
    }

    /**
     * Whether this port was transferred away.
     *
     * @return whether it is detached
     */
    public boolean detached() {
        return detached;
    }

    @Override
    void requireReceivable() {
        if (detached) {
            throw new IllegalStateException("this MessagePort was transferred to another thread and is detached here;"
                    + " receive through the port the receiver got");
        }
    }

    @Override
    public Transfer prepareTransfer() {
        if (detached) {
            throw new IllegalStateException("this MessagePort was already transferred");
        }
        if (channel.isClosed()) {
            throw new IllegalStateException("this MessagePort is closed and cannot be transferred");
        }
        requireOwner("transferring a MessagePort");
        return Transfer.of(new MessagePort(channel, mine), () -> {
            detached = true;
            detach();
        });
    }

    @Override
    void closeForExit() {
        if (!detached) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "MessagePort" + (detached ? "[detached]" : channel.isClosed() ? "[closed]" : "");
    }
}
