package dev.loop.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The blocked-loop detector's report: a callback has run past the loop's threshold. The stack is
 * the loop thread's, as a text (the event itself is written on the detector's thread).
 */
@Name("dev.loop.LoopBlocked")
@Label("Loop Blocked")
@Category({"Loop", "Event Loop"})
@Description("A callback has run past the loop's blocked-loop threshold")
@Enabled(false)
@StackTrace(false)
public final class LoopBlockedEvent extends Event {

    /** The loop's name. */
    @Label("Loop")
    public String loop;

    /** The phase the callback runs in. */
    @Label("Phase")
    public String phase;

    /** How long it has run so far. */
    @Label("Blocked For")
    @Timespan(Timespan.NANOSECONDS)
    public long blockedFor;

    /** The loop thread's stack, a frame per line. */
    @Label("Loop Thread Stack")
    public String stack;
}
