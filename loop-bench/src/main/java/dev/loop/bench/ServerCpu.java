package dev.loop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A benchmark server's CPU time, read from {@code /proc/PID/stat} by the client that drives it:
 * user and system time apart, since the system part (mostly the kernel's loopback TCP work) is
 * much the same for every server and bounds how far apart they can be.
 *
 * @param userMicros user time, in microseconds
 * @param systemMicros system time, in microseconds
 */
record ServerCpu(long userMicros, long systemMicros) {

    /** The process's CPU time so far; zeros without a pid (0 or less). */
    static ServerCpu of(long pid) throws IOException {
        if (pid <= 0) {
            return new ServerCpu(0, 0);
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime, in USER_HZ ticks (100 a second on Linux)
        return new ServerCpu(Long.parseLong(fields[11]) * 10_000, Long.parseLong(fields[12]) * 10_000);
    }

    /**
     * The JSON fields for the CPU spent since {@code before}, per operation: total, user and
     * system, named {@code server_cpu_us_per_<what>} and so on; -1 without a pid.
     */
    String perOperation(ServerCpu before, long pid, long operations, String what) {
        double user = pid > 0 && operations > 0 ? (double) (userMicros - before.userMicros) / operations : -1.0;
        double system = pid > 0 && operations > 0 ? (double) (systemMicros - before.systemMicros) / operations : -1.0;
        double total = pid > 0 && operations > 0 ? user + system : -1.0;
        return String.format(Locale.ROOT, "\"server_cpu_us_per_%s\":%.2f,\"server_user_us_per_%s\":%.2f,\"server_system_us_per_%s\":%.2f",
                what, total, what, user, what, system);
    }
}
