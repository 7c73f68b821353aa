package dev.loop.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A loop callback that ran longer than the event's threshold (20 ms unless the recording says
 * otherwise). Off unless a recording enables it. Its stack is the loop's, where the callback
 * returned to.
 */
@Name("dev.loop.LongCallback")
@Label("Long Loop Callback")
@Category({"Loop", "Event Loop"})
@Description("A callback that held its event loop longer than the threshold")
@Enabled(false)
@Threshold("20 ms")
@StackTrace(true)
public final class LongCallbackEvent extends Event {

    /** The loop's name. */
    @Label("Loop")
    public String loop;

    /** The phase the callback ran in. */
    @Label("Phase")
    public String phase;
}
