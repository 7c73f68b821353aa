package dev.loop.process.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A child process started: a forked JVM or a spawned command. Off unless a recording enables it. */
@Name("dev.loop.ChildProcessSpawn")
@Label("Child Process Spawn")
@Category({"Loop", "Processes"})
@Description("A forked child JVM or a spawned command started")
@Enabled(false)
@StackTrace(false)
public final class ChildProcessSpawnEvent extends Event {

    /** The child's process id. */
    @Label("Pid")
    public long pid;

    /** The command, or the forked child's main class. */
    @Label("Command")
    public String command;

    /** Whether it is a forked JVM with a channel to this one. */
    @Label("Forked")
    public boolean forked;
}
