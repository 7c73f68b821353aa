package dev.loop.value;

/**
 * An object that a transfer list moves to the receiver instead of copying: an {@link ArrayBuffer},
 * or a {@code MessagePort} from loop-workers. After the move the sender's object is detached, and
 * using it throws.
 *
 * <p>A transfer has two steps so that a failed clone changes nothing: {@link #prepareTransfer()}
 * checks and reserves while the value is walked, and {@link Transfer#commit()} detaches once the
 * whole value has been cloned. Both run on the sender's thread.
 */
public interface Transferable {

    /**
     * Checks that this object can be moved now and creates the object the receiver will see, still
     * empty. Changes nothing about this object.
     *
     * @return the pending move
     * @throws IllegalStateException if this object cannot be transferred now (it is detached, or
     *     closed); the message says why
     */
    Transfer prepareTransfer();

    /** A move prepared by {@link Transferable#prepareTransfer()}. */
    interface Transfer {

        /**
         * The object the receiver will see in place of the sender's; usable once committed.
         *
         * @return the receiver's object
         */
        Object received();

        /** Detaches the sender's object and hands what it owned to {@link #received()}. */
        void commit();

        /**
         * A transfer from its two parts.
         *
         * @param received the receiver's object
         * @param commit what detaches the sender's object
         * @return the transfer
         */
        static Transfer of(Object received, Runnable commit) {
            return new Transfer() {
                @Override
                public Object received() {
                    return received;
                }

                @Override
                public void commit() {
                    commit.run();
                }
            };
        }
    }
}
