package dev.loop.workers.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A worker's loop is running (its online event). Off unless a recording enables it. */
@Name("dev.loop.WorkerStart")
@Label("Worker Start")
@Category({"Loop", "Workers"})
@Description("A worker thread's loop came online")
@Enabled(false)
@StackTrace(false)
public final class WorkerStartEvent extends Event {

    /** The worker's thread id ({@code Worker.threadId()}). */
    @Label("Worker Id")
    public int workerId;

    /** The worker's name, or empty. */
    @Label("Name")
    public String name;
}
