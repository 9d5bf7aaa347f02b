package io.dynakey.trainer.export;

/** The export cannot meet its contract (e.g. agreement below the floor, a format limit). */
public final class ExportException extends Exception {

    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }
}
