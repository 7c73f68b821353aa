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
 * <p>{@link #walk} is the one loop all of them but the encoder run: produce a value; a value with
 * parts opens a frame instead ({@link #OPENED}), whose parts are produced one by one; each finished
 * part is handed to its frame, and a frame whose parts are all done closes into a value that is
 * handed up in turn.
 *
 * @param <F> the walker's frame type
 */
final class FrameStack<F extends FrameStack.Frame> {

    /** Returned for a value with parts, whose frame is now open, instead of the value itself. */
    static final Object OPENED = new Object();

    /** What every frame has: how many parts, and which one is being produced. */
    abstract static class Frame {
        /** How many parts: a map's entries count two each (key, value). */
        int count;
        /** The part being produced, -1 before the first. */
        int index;
    }

    /** The three steps of {@link #walk} that differ from walker to walker. */
    interface Steps<F> {
        /** A part of {@code frame} is done: {@code part} is its value. */
        void accept(F frame, Object part);

        /** Every part of {@code frame} is done (it is popped already): the frame's value. */
        Object close(F frame);

        /** Produces the part {@code frame.index} of {@code frame}: its value, or {@link #OPENED}. */
        Object next(F frame);
    }

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
     * Readies the stack for another walk, also after one that threw with frames open, and lets
     * {@code scrub} drop each frame's references, so that a kept stack does not keep the last
     * value alive.
     */
    @SuppressWarnings("unchecked")
    void clear(java.util.function.Consumer<F> scrub) {
        depth = 0;
        for (int i = 0; i < frames.length && frames[i] != null; i++) {
            scrub.accept((F) frames[i]);
        }
    }

    /**
     * The frame for the next level, of {@code count} parts and before its first, for the caller to
     * fill before {@link #push()}: a reused one, so every field of its own must be set.
     *
     * @throws DataCloneException if that level would be deeper than the limit
     */
    F next(int count) {
        F frame = nextFrame();
        frame.count = count;
        frame.index = -1;
        return frame;
    }

    @SuppressWarnings("unchecked")
    private F nextFrame() {
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

    /** Whether one more level fits under the limit (a container copied without a frame is a level too). */
    boolean hasRoom() {
        return depth < maxDepth;
    }

    /** How many frames are open. */
    int depth() {
        return depth;
    }

    /**
     * Walks from {@code first} (a value, or {@link #OPENED} for the root's open frame) until the
     * root's value is done, and returns it.
     */
    Object walk(Object first, Steps<F> steps) {
        Object done = first;
        for (;;) {
            while (done != OPENED) { // hand the value up, closing the frames it completes
                if (depth == 0) {
                    return done;
                }
                F top = top();
                steps.accept(top, done);
                if (top.index + 1 < top.count) {
                    break;
                }
                pop();
                done = steps.close(top);
            }
            F top = top();
            top.index++;
            done = steps.next(top);
        }
    }
}
