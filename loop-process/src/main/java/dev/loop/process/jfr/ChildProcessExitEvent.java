package dev.loop.process.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A child process ended, with how and after how long. Off unless a recording enables it. */
@Name("dev.loop.ChildProcessExit")
@Label("Child Process Exit")
@Category({"Loop", "Processes"})
@Description("A child process ended: its exit code or signal, and how long it ran")
@Enabled(false)
@StackTrace(false)
public final class ChildProcessExitEvent extends Event {

    /** The child's process id. */
    @Label("Pid")
    public long pid;

    /** The command, or the forked child's main class. */
    @Label("Command")
    public String command;

    /** Its exit code; -1 when a signal ended it. */
    @Label("Exit Code")
    public int exitCode;

    /** The signal that ended it ({@code "SIGTERM"}), or null. */
    @Label("Signal")
    public String signal;

    /** How long it ran. */
    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    public long lifetime;

    /** Messages sent to a forked child that it never acknowledged (see {@code ChildProcess.respawn()}). */
    @Label("Unacknowledged Messages")
    public int unacknowledged;
}
