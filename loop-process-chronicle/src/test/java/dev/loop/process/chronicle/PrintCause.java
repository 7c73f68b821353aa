package dev.loop.process.chronicle;

/** Prints why the Chronicle transport is unavailable in this JVM ("null" when it is available). */
public final class PrintCause {

    private PrintCause() {
    }

    public static void main(String[] args) {
        System.out.println(new ChronicleTransportProvider().unavailabilityCause());
    }
}
