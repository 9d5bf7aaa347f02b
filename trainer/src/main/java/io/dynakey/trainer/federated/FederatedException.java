package io.dynakey.trainer.federated;

/** A plan or statistics message that is malformed, or does not belong to this federation or round. */
public final class FederatedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong (never holds a row's values) */
    public FederatedException(String message) {
        super(message);
    }
}
