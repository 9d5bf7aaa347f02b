package io.dynakey.hardware.board;

/** A board profile file is missing, unreadable or has a bad or missing value. */
public final class BoardProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    public BoardProfileException(String message) {
        super(message);
    }

    public BoardProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
