package dev.loop.testkit.program;

/**
 * The error a generated callback throws; its message is the callback's label. It has no stack
 * trace: programs throw thousands of them and the label says everything.
 */
final class ProgramError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProgramError(String label) {
        super(label, null, false, false);
    }
}
