package dev.loop.process.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A way to carry messages between a parent and a forked child: found with
 * {@link java.util.ServiceLoader}; the available one with the highest {@link #priority()} wins
 * unless {@code ForkOptions.withTransport(name)} names one. Each channel between a parent and a
 * child has its own directory (mode 0700, on {@code /dev/shm} where it exists) and two queues in
 * it, one per direction, named {@code "to-child"} and {@code "to-parent"}.
 *
 * <p>A transport carries whole byte messages, in order, from one writer thread to one reader
 * thread. Everything else is the process module's: encoding the values, waking a sleeping reader
 * (a futex in a control file beside the queues), back pressure, and the events.
 *
 * <p>Both processes call {@link #openWriter} and {@link #openReader} with the same arguments; the
 * parent opens all four ends before it starts the child, so the child only ever opens queues that
 * exist. The reader of a queue whose writer died in the middle of a message must never see part of
 * it, and must never block.
 *
 * <p><b>Thread safety:</b> the provider's methods may be called from any thread.
 */
public interface IpcTransportProvider {

    /**
     * The name users give in {@code ForkOptions.withTransport}.
     *
     * @return the name, such as {@code "ring"}
     */
    String name();

    /**
     * The higher of two available transports is the default.
     *
     * @return the priority
     */
    int priority();

    /**
     * Whether this JVM can use the transport.
     *
     * @return true by default
     */
    default boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /**
     * Why this JVM cannot use the transport, in words that say what to do (the JVM flags to add).
     *
     * @return the reason, or null when it is available
     */
    default String unavailabilityCause() {
        return null;
    }

    /**
     * JVM options the child needs for this transport, which the launcher puts on its command line.
     *
     * @return the options, none by default
     */
    default List<String> childJvmArgs() {
        return List.of();
    }

    /**
     * Opens the writing end of the queue {@code queue} in {@code directory}, creating it if needed.
     *
     * @param directory the channel's directory
     * @param queue the queue's name
     * @param capacityBytes the capacity the parent chose; a bounded transport holds at most this
     *     many bytes of unread messages
     * @return the writer
     * @throws IOException if the queue cannot be opened or created
     */
    IpcWriter openWriter(Path directory, String queue, long capacityBytes) throws IOException;

    /**
     * Opens the reading end of the queue {@code queue} in {@code directory}, creating it if needed.
     *
     * @param directory the channel's directory
     * @param queue the queue's name
     * @param capacityBytes the capacity the parent chose
     * @return the reader
     * @throws IOException if the queue cannot be opened or created
     */
    IpcReader openReader(Path directory, String queue, long capacityBytes) throws IOException;
}
