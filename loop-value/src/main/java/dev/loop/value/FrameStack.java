package dev.loop.value;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The explicit stack that each walk over a value keeps instead of recursing (the copy, the
 * receiver's build, the encoder and the decoder): nesting costs heap, not Java stack, and the
 * nesting limit is checked in one place. Frames are reused from walk to walk of the same walker;
 * {@code frames[0..depth)} are the containers being walked, outermost first.
 *
 * <p><b>Thread safety:</b> one walker, one thread.
 *
 * @param <F> the walker's frame type
 */
final class FrameStack<F> {

    private final int maxDepth;
    private final Supplier<F> newFrame;
    private Object[] frames = new Object[8];
    private int depth;

    /**
     * @param maxDepth the most frames there may be at once; one more is refused as too deep
     * @param newFrame makes a frame the first time a level is reached
     */
    FrameStack(int maxDepth, Supplier<F> newFrame) {
        this.maxDepth = maxDepth;
        this.newFrame = newFrame;
    }

    /**
     * The frame for the next level, for the caller to fill before {@link #push()}: a reused one, so
     * every field must be set.
     *
     * @throws DataCloneException if that level would be deeper than the limit
     */
    @SuppressWarnings("unchecked")
    F next() {
        if (depth == maxDepth) {
            throw ValuePath.tooDeep(maxDepth);
        }
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, 2 * depth);
        }
        Object frame = frames[depth];
        if (frame == null) {
            frame = frames[depth] = newFrame.get();
        }
        return (F) frame;
    }

    /** Makes the frame {@link #next()} returned the top one. */
    void push() {
        depth++;
    }

    /** Removes the top frame and returns it. */
    @SuppressWarnings("unchecked")
    F pop() {
        return (F) frames[--depth];
    }

    /** The top frame; the stack must not be empty. */
    @SuppressWarnings("unchecked")
    F top() {
        return (F) frames[depth - 1];
    }

    /** The frame at {@code level}, 0 the outermost. */
    @SuppressWarnings("unchecked")
    F at(int level) {
        return (F) frames[level];
    }

    /** How many frames are open. */
    int depth() {
        return depth;
    }
}
