package dev.loop.api;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What kind of thing keeps a loop alive: a timer, a socket, a child process. Every handle and
 * request a loop counts for its liveness carries one, so {@link EventLoop#activeResources()} can say
 * what a {@code run()} that does not return waits for, as Node's
 * {@code process.getActiveResourcesInfo()} does.
 *
 * <p>Kinds are interned by name: {@code ResourceKind.of("TCPSocket")} is the same object wherever it
 * is called. The kinds this library uses are constants here or beside the module that uses them;
 * a module of your own can name its own.
 *
 * <p><b>Thread safety:</b> immutable; {@link #of} may be called from any thread.
 */
public final class ResourceKind {

    private static final ConcurrentHashMap<String, ResourceKind> KINDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A referenced timer ({@code setTimeout}, {@code setInterval}). */
    public static final ResourceKind TIMEOUT = of("Timeout");
    /** A referenced immediate waiting for its check phase. */
    public static final ResourceKind IMMEDIATE = of("Immediate");
    /** A handle from {@link EventLoop#keepAlive()}. */
    public static final ResourceKind KEEP_ALIVE = of("KeepAlive");
    /** A task submitted with {@code execute} that has not run yet. */
    public static final ResourceKind TASK = of("Task");
    /** A {@code CompletionStage} this loop waits on ({@code fromStage}, or another loop's promise it adopts). */
    public static final ResourceKind COMPLETION_STAGE = of("CompletionStage");
    /** A request counted without a kind of its own. */
    public static final ResourceKind REQUEST = of("Request");
    /** A call running on a work pool for the loop (offloaded work). */
    public static final ResourceKind WORK = of("Work");

    private final String name;
    private final int index;

    private ResourceKind(String name, int index) {
        this.name = name;
        this.index = index;
    }

    /**
     * The kind with this name, made the first time it is asked for.
     *
     * @param name the name {@link EventLoop#activeResources()} reports, such as {@code "TCPSocket"}
     * @return the kind
     * @throws IllegalArgumentException if the name is blank
     */
    public static ResourceKind of(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a resource kind needs a name, such as \"TCPSocket\"");
        }
        ResourceKind kind = KINDS.get(name);
        return kind != null ? kind : KINDS.computeIfAbsent(name, n -> new ResourceKind(n, NEXT.getAndIncrement()));
    }

    /**
     * The kind's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * A small number unique to this kind in this JVM, dense from 0: for a loop that counts its
     * resources in an array indexed by kind.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    @Override
    public String toString() {
        return name;
    }
}
