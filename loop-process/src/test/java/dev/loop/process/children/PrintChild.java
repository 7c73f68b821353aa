package dev.loop.process.children;

/** Prints its first argument to standard output and its second to standard error, then exits. */
public final class PrintChild {

    private PrintChild() {
    }

    public static void main(String[] args) {
        System.out.print(args[0]);
        System.out.flush();
        System.err.print(args[1]);
        System.err.flush();
    }
}
