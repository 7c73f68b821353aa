package dev.loop.workers;

/**
 * Two entangled {@link MessagePort}s (Node's {@code MessageChannel}): keep one, and transfer the
 * other to a worker to talk to it directly.
 *
 * <pre>{@code
 * MessageChannel channel = new MessageChannel();
 * worker.postMessage(Map.of("port", channel.port2()), List.of(channel.port2()));
 * channel.port1().onMessage(reply -> System.out.println("worker said " + reply));
 * }</pre>
 *
 * Any thread may create one; each port binds to the loop that starts it.
 */
public final class MessageChannel {

    private final MessagePort port1;
    private final MessagePort port2;

    /** A new channel with two open ports. */
    public MessageChannel() {
        Channel channel = new Channel();
        port1 = new MessagePort(channel, channel.first);
        port2 = new MessagePort(channel, channel.second);
    }

    /**
     * One end.
     *
     * @return the first port
     */
    public MessagePort port1() {
        return port1;
    }

    /**
     * The other end.
     *
     * @return the second port
     */
    public MessagePort port2() {
        return port2;
    }
}
