package dev.loop.core;

import java.io.Serial;

/**
 * Carries an error nobody handled from the callback that threw it out to {@code run()}, past every
 * phase, so that no further callback runs (Node exits at this point). Never escapes loop-core.
 */
final class FatalUnwind extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    FatalUnwind(Throwable cause) {
        super(null, cause, false, false);
    }
}
