package io.dynakey.device.hal;

/** A {@link SecureStorage} operation failed; the slot keeps its previous content. */
public class StorageException extends HalException {
    private static final long serialVersionUID = 1L;

    public StorageException(int reason, String message) {
        super(reason, message);
    }
}
