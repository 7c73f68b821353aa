package dev.loop.process;

import dev.loop.api.AbortError;
import dev.loop.api.AbortSignal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Processes#execFile} and {@link Processes#exec} run a command: Node's {@code execFile}
 * options. Immutable; each {@code with} method returns a copy.
 *
 * @param cwd the working directory, or null for the parent's
 * @param env the environment variables (replacing the parent's), or null for the parent's
 * @param timeout how long the command may run before it is sent {@link #killSignal()}; zero for no
 *     limit
 * @param killSignal the signal that ends a command past its timeout or its buffer, by name
 * @param maxBuffer the most bytes kept of standard output, and of standard error; past it, the
 *     command is sent {@link #killSignal()} and the promise rejects
 * @param encoding how the output is decoded into {@link ExecResult#stdout()} and
 *     {@link ExecResult#stderr()}
 * @param signal aborts the command: it is sent {@link #killSignal()}, and the promise rejects with
 *     an {@link AbortError}; null for none
 */
public record ExecOptions(Path cwd, Map<String, String> env, Duration timeout, String killSignal, long maxBuffer,
                          Charset encoding, AbortSignal signal) {

    /** Node's default {@code maxBuffer}: 1 MiB. */
    public static final long DEFAULT_MAX_BUFFER = 1024 * 1024;

    /** Checks and copies the parts. */
    public ExecOptions {
        env = env == null ? null : Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        dev.loop.process.os.Signals.number(Objects.requireNonNull(killSignal, "killSignal")); // refuses unknown names
        if (maxBuffer < 1) {
            throw new IllegalArgumentException("maxBuffer must be at least 1 byte: " + maxBuffer);
        }
        Objects.requireNonNull(encoding, "encoding");
    }

    /**
     * Node's defaults: no timeout, {@code SIGTERM}, 1 MiB, UTF-8.
     *
     * @return the options
     */
    public static ExecOptions defaults() {
        return new ExecOptions(null, null, Duration.ZERO, "SIGTERM", DEFAULT_MAX_BUFFER, StandardCharsets.UTF_8, null);
    }

    /**
     * These options with a working directory.
     *
     * @param cwd the directory
     * @return the copy
     */
    public ExecOptions withCwd(Path cwd) {
        return new ExecOptions(cwd, env, timeout, killSignal, maxBuffer, encoding, signal);
    }

    /**
     * These options with an environment, which replaces the parent's.
     *
     * @param env the variables
     * @return the copy
     */
    public ExecOptions withEnv(Map<String, String> env) {
        return new ExecOptions(cwd, Objects.requireNonNull(env, "env"), timeout, killSignal, maxBuffer, encoding, signal);
    }

    /**
     * These options with a timeout.
     *
     * @param timeout how long the command may run; zero for no limit
     * @return the copy
     */
    public ExecOptions withTimeout(Duration timeout) {
        return new ExecOptions(cwd, env, timeout, killSignal, maxBuffer, encoding, signal);
    }

    /**
     * These options with the signal that ends a command past its timeout or buffer.
     *
     * @param killSignal {@code "SIGKILL"}...
     * @return the copy
     */
    public ExecOptions withKillSignal(String killSignal) {
        return new ExecOptions(cwd, env, timeout, killSignal, maxBuffer, encoding, signal);
    }

    /**
     * These options with a limit on each output stream.
     *
     * @param maxBuffer bytes, at least 1
     * @return the copy
     */
    public ExecOptions withMaxBuffer(long maxBuffer) {
        return new ExecOptions(cwd, env, timeout, killSignal, maxBuffer, encoding, signal);
    }

    /**
     * These options with the output's encoding.
     *
     * @param encoding the charset
     * @return the copy
     */
    public ExecOptions withEncoding(Charset encoding) {
        return new ExecOptions(cwd, env, timeout, killSignal, maxBuffer, encoding, signal);
    }

    /**
     * These options with an abort signal: when it aborts, the command is sent
     * {@link #killSignal()} and the promise rejects with an {@link AbortError}.
     *
     * @param signal the signal
     * @return the copy
     */
    public ExecOptions withSignal(AbortSignal signal) {
        return new ExecOptions(cwd, env, timeout, killSignal, maxBuffer, encoding, signal);
    }
}
