package dev.loop.io.spi;

import dev.loop.api.ResourceKind;
import dev.loop.spi.PollerContext;
import java.util.Objects;

/**
 * Whether a handle's pending read or accept keeps its loop alive: libuv's active handle, which
 * {@code unref} takes out of the count ({@code Socket.unref()}, {@code Server.unref()}). A backend
 * keeps one per connection and listener. Writes, connects and shutdowns are requests and always
 * count, so they need none of this.
 *
 * <p>Invariant: the handle is in the loop's request count exactly while a read or accept started
 * on it is pending and it is referenced, whatever the order of start, ref, unref and completion;
 * the count goes up and down once each.
 *
 * <p><b>Thread safety:</b> the loop thread only.
 */
public final class HandleLiveness {

    private final PollerContext loop;
    private final ResourceKind kind;
    private boolean referenced = true;
    private boolean counted;

    /**
     * A referenced handle with nothing pending.
     *
     * @param loop the loop whose requests it counts
     * @param kind what {@code activeResources()} lists it as while it counts
     *     ({@link IoResourceKinds#TCP_SOCKET}, {@link IoResourceKinds#TCP_SERVER})
     */
    public HandleLiveness(PollerContext loop, ResourceKind kind) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A read or accept starts on the handle. */
    public void started() {
        if (referenced && !counted) {
            loop.requestStarted(kind);
            counted = true;
        }
    }

    /** The pending read or accept completes (or is cancelled): called before the caller hears. */
    public void finished() {
        if (counted) {
            counted = false;
            loop.requestFinished(kind);
        }
    }

    /**
     * {@code ref} or {@code unref}.
     *
     * @param ref whether the handle is referenced now
     * @param pending whether a read or accept is pending on it now
     */
    public void set(boolean ref, boolean pending) {
        referenced = ref;
        if (ref && pending) {
            started();
        } else if (!ref) {
            finished();
        }
    }
}
