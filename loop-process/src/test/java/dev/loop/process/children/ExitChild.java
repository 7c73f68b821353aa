package dev.loop.process.children;

/** Exits at once with the code given as its argument, or throws when told to. */
public final class ExitChild {

    private ExitChild() {
    }

    public static void main(String[] args) {
        if (args[0].equals("throw")) {
            throw new IllegalStateException("the child's main failed");
        }
        System.exit(Integer.parseInt(args[0]));
    }
}
