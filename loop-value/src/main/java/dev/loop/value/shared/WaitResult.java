package dev.loop.value.shared;

/** What {@link Atomics#wait} returns, named as in ECMAScript by {@link #toString()}. */
public enum WaitResult {
    /** Woken by {@link Atomics#notify}. */
    OK("ok"),
    /** The element did not hold the expected value, so the call did not wait. */
    NOT_EQUAL("not-equal"),
    /** The timeout passed before a notify. */
    TIMED_OUT("timed-out");

    private final String jsName;

    WaitResult(String jsName) {
        this.jsName = jsName;
    }

    /** @return {@code "ok"}, {@code "not-equal"} or {@code "timed-out"} */
    @Override
    public String toString() {
        return jsName;
    }
}
