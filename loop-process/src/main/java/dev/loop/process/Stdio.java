package dev.loop.process;

/** Where a child's standard input, output or error goes, as Node's {@code stdio} option. */
public enum Stdio {
    /** To the parent's own stream. */
    INHERIT,
    /**
     * To a pipe the parent holds: {@link ChildProcess#stdout()}, {@link ChildProcess#stderr()} and
     * (for spawned commands) {@link ChildProcess#stdin()}.
     */
    PIPE,
    /** Nowhere: {@code /dev/null}. */
    IGNORE
}
