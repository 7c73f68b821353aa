package dev.loop.workers.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A worker ended, with its exit code and how long it ran. Off unless a recording enables it. */
@Name("dev.loop.WorkerExit")
@Label("Worker Exit")
@Category({"Loop", "Workers"})
@Description("A worker thread ended: its exit code, and how long it ran")
@Enabled(false)
@StackTrace(false)
public final class WorkerExitEvent extends Event {

    /** The worker's thread id ({@code Worker.threadId()}). */
    @Label("Worker Id")
    public int workerId;

    /** The worker's name, or empty. */
    @Label("Name")
    public String name;

    /** Its exit code: 1 after an uncaught exception, else 0 or what it asked for. */
    @Label("Exit Code")
    public int exitCode;

    /** From its start to its exit event. */
    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    public long lifetime;
}
