package dev.loop.io.uring;

/**
 * Prints why the io_uring provider is unavailable (or "available"), for
 * {@code UringBackendProviderTest}, which runs it in a JVM started without native access.
 */
public final class NativeAccessProbe {

    private NativeAccessProbe() {
    }

    /**
     * Prints the provider's verdict.
     *
     * @param args none
     */
    public static void main(String[] args) {
        Throwable cause = new UringBackendProvider().unavailabilityCause();
        System.out.println(cause == null ? "available" : cause.getMessage());
    }
}
