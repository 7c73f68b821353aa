package dev.loop.process.children;

import dev.loop.process.ChildContext;

/** Sends back every message; "exit N" exits with code N; ends when the parent disconnects. */
public final class EchoChild {

    private EchoChild() {
    }

    public static void main(String[] args) {
        ChildContext.answerEach(message -> {
            if (message instanceof String text && text.startsWith("exit ")) {
                System.exit(Integer.parseInt(text.substring(5)));
            }
            return message;
        });
    }
}
