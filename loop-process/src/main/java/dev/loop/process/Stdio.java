package dev.loop.process;

/** Where a child's standard output or error goes, as Node's {@code stdio} option. */
public enum Stdio {
    /** To the parent's own stream. */
    INHERIT,
    /** To a pipe the parent reads (not yet supported by {@code fork}). */
    PIPE,
    /** Nowhere. */
    IGNORE
}
