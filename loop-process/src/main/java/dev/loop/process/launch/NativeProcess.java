package dev.loop.process.launch;

import dev.loop.process.os.Posix;
import dev.loop.process.os.PosixSpawn;
import dev.loop.process.os.Reactor;
import dev.loop.process.os.Signals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A child process started with {@code posix_spawn} and watched through a pidfd: its pid, the
 * parent's ends of its pipes, its signals, and its exit, which the {@link Reactor} sees and reaps
 * (so no child ever stays a zombie, and none costs a thread).
 *
 * <p>Unless detached, the child is started through {@link DeathSignalExec}, which asks the kernel
 * to kill it when the thread that started it ends: the launcher thread, which lives as long as this
 * JVM. So a command never outlives a parent that died, even by {@code kill -9}.
 *
 * <p><b>Thread safety:</b> {@link #start} on the launcher thread (see {@link Launcher}); the rest
 * from the owner's loop thread, except that the exit callback runs on the reactor thread.
 */
public final class NativeProcess {

    /** How one of the child's standard descriptors is set up. */
    public enum Fd {
        /** The parent's own. */
        INHERIT,
        /** A pipe whose other end the parent holds, non-blocking. */
        PIPE,
        /** {@code /dev/null}. */
        IGNORE
    }

    private final long pid;
    private final int pidfd;
    private final int[] parentEnds;
    private volatile boolean exited;

    private NativeProcess(long pid, int pidfd, int[] parentEnds) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.parentEnds = parentEnds;
    }

    /** Thrown by {@link #start} when the program could not be started; {@link #errno()} says why. */
    public static final class StartFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        StartFailure(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        /**
         * The error number.
         *
         * @return {@code ENOENT}, {@code EACCES}...
         */
        public int errno() {
            return errno;
        }
    }

    /**
     * What to start.
     *
     * @param program the program's absolute path
     * @param argv its arguments, its name first
     * @param env its environment, {@code NAME=value} each
     * @param cwd its working directory, or null for this process's
     * @param stdio how descriptors 0, 1 and 2 are set up
     * @param newSession whether it leads a new session and process group
     * @param dieWithParent whether to start it through {@code setpriv --pdeathsig KILL} (a forked
     *     JVM asks for the signal itself)
     */
    public record Request(Path program, List<String> argv, List<String> env, Path cwd, Fd[] stdio, boolean newSession,
                          boolean dieWithParent) {
        /**
         * The environment of this process, as a request's {@code env}.
         *
         * @param env the variables, or null for this process's own
         * @return {@code NAME=value} each
         */
        public static List<String> environment(java.util.Map<String, String> env) {
            List<String> list = new ArrayList<>();
            (env == null ? System.getenv() : env).forEach((name, value) -> list.add(name + "=" + value));
            return list;
        }
    }

    /**
     * Starts a program. Call it on the launcher thread.
     *
     * @param request what to start
     * @return the running process
     * @throws StartFailure if it could not start
     * @throws IOException if its pipes could not be made
     */
    public static NativeProcess start(Request request) throws IOException {
        Fd[] stdio = request.stdio();
        List<String> argv = request.argv();
        Path program = request.program();
        int[] parentEnds = {-1, -1, -1};
        int[] childEnds = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                childEnds[i] = switch (stdio[i]) {
                    case INHERIT -> PosixSpawn.INHERIT;
                    case IGNORE -> PosixSpawn.NULL_DEVICE;
                    case PIPE -> {
                        int[] pipe = Posix.pipe();
                        int parent = i == 0 ? pipe[1] : pipe[0];
                        parentEnds[i] = parent;
                        Posix.setNonBlocking(parent);
                        yield i == 0 ? pipe[0] : pipe[1];
                    }
                };
            }
            List<String> command = argv;
            String path = program.toString();
            List<String> wrapped = request.dieWithParent() ? DeathSignalExec.wrap(program, argv) : null;
            if (wrapped != null) {
                command = wrapped;
                path = wrapped.get(0);
            }
            long pid = PosixSpawn.spawn(path, command, request.env(),
                    request.cwd() == null ? null : request.cwd().toString(), childEnds, request.newSession());
            if (pid < 0) {
                throw new StartFailure((int) -pid, "posix_spawn of " + program + " failed: errno " + -pid);
            }
            int pidfd = Posix.pidfdOpen(pid); // before anyone could reap it: only our reactor does
            if (pidfd < 0) {
                Posix.close(-pidfd); // unreachable in practice; the process runs on unwatched
                throw new IOException("pidfd_open(" + pid + ") failed: errno " + -pidfd);
            }
            NativeProcess process = new NativeProcess(pid, pidfd, parentEnds);
            parentEnds = null; // the process owns them now
            return process;
        } finally {
            for (int i = 0; i < 3; i++) {
                if (childEnds[i] >= 0) {
                    Posix.close(childEnds[i]); // the child holds its own copies
                }
                if (parentEnds != null && parentEnds[i] >= 0) {
                    Posix.close(parentEnds[i]);
                }
            }
        }
    }

    /**
     * Calls {@code exit}, on the reactor thread, once the process has ended and been reaped: with
     * its exit code (0 to 255), or minus the number of the signal that ended it. Once only.
     *
     * @param exit the callback
     */
    public void onExit(IntConsumer exit) {
        Reactor reactor = Reactor.get();
        long token = reactor.newToken();
        Runnable ready = () -> {
            int status = Posix.reap(pidfd);
            if (status == Integer.MIN_VALUE) {
                reactor.rearm(pidfd, token, Reactor.IN); // not yet: a spurious wake-up
                return;
            }
            reactor.unregister(pidfd, token);
            exited = true;
            exit.accept(status);
        };
        reactor.register(pidfd, Reactor.IN, token, ready);
    }

    /**
     * The process id.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    /**
     * The parent's end of the child's descriptor {@code n} when it is a pipe: the write end for 0,
     * the read ends for 1 and 2. The caller owns it from now on, and closes it.
     *
     * @param n 0, 1 or 2
     * @return the descriptor, or -1 if that one is not a pipe
     */
    public int parentEnd(int n) {
        return parentEnds[n];
    }

    /**
     * Whether the reactor has seen the process end.
     *
     * @return true once it has been reaped
     */
    public boolean exited() {
        return exited;
    }

    /**
     * Sends {@code signal}, to this process and never to one that reused its pid.
     *
     * @param signal the signal number
     * @return 0, or {@code -errno} ({@code -ESRCH} once it has ended)
     */
    public int signal(int signal) {
        return Posix.pidfdSignal(pidfd, signal);
    }

    /** Sends {@code SIGKILL}. */
    public void kill() {
        signal(Signals.KILL);
    }

    /** Releases the pidfd, after the exit was handled. */
    public void close() {
        Posix.close(pidfd);
    }

    /**
     * Whether spawned commands die with this JVM however it dies.
     *
     * @return true when {@code setpriv} is there to arrange it
     */
    public static boolean diesWithParent() {
        return DeathSignalExec.wrap(Path.of("/bin/true"), List.of("true")) != null;
    }
}
