package dev.loop.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel says of a process, for tests that watch processes that are not their children. */
final class Procs {

    private Procs() {
    }

    /** Whether the process exists and has not ended (a zombie has ended: reaping it is init's business). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Watches the kernel's state of {@code pid} until it ends or {@code nanos} pass. Not a child of
     * ours, so the JDK would poll for its exit with growing pauses.
     *
     * @return whether it ended in time
     */
    static boolean endedWithin(long pid, long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return !running(pid);
    }
}
