package dev.loop.workers;

/**
 * A message taken by {@link MessageTarget#receiveMessage()} (Node's {@code { message }}): a wrapper,
 * so that a {@code null} message and no message at all stay distinguishable.
 *
 * @param message the message's value, a copy made for this receiver; may be null
 */
public record ReceivedMessage(Object message) {
}
