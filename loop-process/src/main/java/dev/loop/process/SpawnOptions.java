package dev.loop.process;

import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Processes#spawn} starts a command: Node's {@code spawn} options. Immutable; each
 * {@code with} method returns a copy.
 *
 * <pre>{@code
 * SpawnOptions options = SpawnOptions.defaults().withCwd(Path.of("/tmp")).withStdio(Stdio.IGNORE, Stdio.PIPE, Stdio.INHERIT);
 * }</pre>
 *
 * @param cwd the working directory, or null for the parent's
 * @param env the environment variables (replacing the parent's), or null for the parent's
 * @param stdin where standard input comes from
 * @param stdout where standard output goes
 * @param stderr where standard error goes
 * @param detached whether the command outlives its parent: it leads a new session and process
 *     group, is not killed when the parent's loop closes, and does not die with the parent
 * @param signal aborts the command: it is sent {@link #killSignal()}, and its error event gets an
 *     {@link AbortError}; null for none
 * @param killSignal the signal an abort sends, by name
 */
public record SpawnOptions(Path cwd, Map<String, String> env, Stdio stdin, Stdio stdout, Stdio stderr, boolean detached,
                           AbortSignal signal, String killSignal) {

    /** Checks and copies the parts. */
    public SpawnOptions {
        env = env == null ? null : Map.copyOf(env);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        dev.loop.process.os.Signals.number(Objects.requireNonNull(killSignal, "killSignal")); // refuses unknown names
    }

    /**
     * Node's defaults: the parent's working directory and environment, all three streams piped,
     * not detached, no abort signal ({@code SIGTERM} when one is given).
     *
     * @return the options
     */
    public static SpawnOptions defaults() {
        return new SpawnOptions(null, null, Stdio.PIPE, Stdio.PIPE, Stdio.PIPE, false, null, "SIGTERM");
    }

    /**
     * These options with a working directory.
     *
     * @param cwd the directory
     * @return the copy
     */
    public SpawnOptions withCwd(Path cwd) {
        return new SpawnOptions(cwd, env, stdin, stdout, stderr, detached, signal, killSignal);
    }

    /**
     * These options with an environment, which replaces the parent's.
     *
     * @param env the variables
     * @return the copy
     */
    public SpawnOptions withEnv(Map<String, String> env) {
        return new SpawnOptions(cwd, Objects.requireNonNull(env, "env"), stdin, stdout, stderr, detached, signal, killSignal);
    }

    /**
     * These options with where each standard stream goes.
     *
     * @param stdin for standard input
     * @param stdout for standard output
     * @param stderr for standard error
     * @return the copy
     */
    public SpawnOptions withStdio(Stdio stdin, Stdio stdout, Stdio stderr) {
        return new SpawnOptions(cwd, env, stdin, stdout, stderr, detached, signal, killSignal);
    }

    /**
     * These options with all three standard streams going the same way ({@code stdio: 'inherit'}).
     *
     * @param all for standard input, output and error
     * @return the copy
     */
    public SpawnOptions withStdio(Stdio all) {
        return withStdio(all, all, all);
    }

    /**
     * These options with the command detached (see {@link #detached()}).
     *
     * @param detached whether it outlives its parent
     * @return the copy
     */
    public SpawnOptions withDetached(boolean detached) {
        return new SpawnOptions(cwd, env, stdin, stdout, stderr, detached, signal, killSignal);
    }

    /**
     * These options with an abort signal: when it aborts, the command is sent
     * {@link #killSignal()} and its error event gets an {@link AbortError}.
     *
     * @param signal the signal
     * @return the copy
     */
    public SpawnOptions withSignal(AbortSignal signal) {
        return new SpawnOptions(cwd, env, stdin, stdout, stderr, detached, signal, killSignal);
    }

    /**
     * These options with the signal an abort sends.
     *
     * @param killSignal {@code "SIGKILL"}...
     * @return the copy
     */
    public SpawnOptions withKillSignal(String killSignal) {
        return new SpawnOptions(cwd, env, stdin, stdout, stderr, detached, signal, killSignal);
    }
}
