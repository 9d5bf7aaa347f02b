package io.dynakey.ledger.event;

/** An {@link EventSource} could not be read or written; the bridge retries later. */
public final class EventSourceException extends Exception {

    private static final long serialVersionUID = 1L;

    public EventSourceException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventSourceException(String message) {
        super(message);
    }
}
