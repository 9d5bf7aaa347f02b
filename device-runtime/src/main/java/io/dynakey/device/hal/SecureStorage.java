package io.dynakey.device.hal;

/**
 * Non-volatile storage of small records in numbered slots (flash pages or a secure element).
 * A write is atomic: after a power cut at any instant the slot holds either its whole old
 * content or its whole new content, never a mix.
 */
public interface SecureStorage {

    /** Key slot A of the two-slot key store. */
    int SLOT_KEY_A = 0;
    /** Key slot B of the two-slot key store. */
    int SLOT_KEY_B = 1;
    /** The long-term identity key pair (factory-provisioned). */
    int SLOT_IDENTITY = 2;
    /** Model slot A: a signed model file (see {@code ModelSlots}). */
    int SLOT_MODEL = 3;
    /** Small runtime state (governor, counters). */
    int SLOT_STATE = 4;
    /** Model slot B: the other signed model file; the newer verified one of A and B is active. */
    int SLOT_MODEL_B = 5;

    /** Number of slots; slot ids are {@code 0 .. slotCount()-1}. */
    int slotCount();

    /** Largest record a slot can hold, in bytes. */
    int maxRecordLength(int slot);

    /**
     * Reads a slot into {@code out[off ..]}.
     *
     * @return the record length, or -1 when the slot is empty
     */
    int read(int slot, byte[] out, int off, int max) throws StorageException;

    /** Atomically replaces the slot's content with {@code in[off .. off+len)}. */
    void write(int slot, byte[] in, int off, int len) throws StorageException;

    /** Atomically empties the slot. */
    void erase(int slot) throws StorageException;
}
