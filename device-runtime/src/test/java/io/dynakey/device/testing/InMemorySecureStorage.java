package io.dynakey.device.testing;

import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.hal.StorageException;
import java.util.Arrays;

/**
 * A {@link SecureStorage} in memory: each write replaces a slot's content at once, which is the
 * atomic contract of the HAL. Counts writes and erases. Thread-safe.
 */
public class InMemorySecureStorage implements SecureStorage {

    /** Slot count of a default instance: every {@code SLOT_*} constant plus a spare. */
    public static final int DEFAULT_SLOT_COUNT = 6;
    /** Record size limit of a default instance, bytes. */
    public static final int DEFAULT_MAX_RECORD = 64 * 1024;

    private final byte[][] slots;
    private final int maxRecord;
    private int writes;

    public InMemorySecureStorage() {
        this(DEFAULT_SLOT_COUNT, DEFAULT_MAX_RECORD);
    }

    public InMemorySecureStorage(int slotCount, int maxRecord) {
        this.slots = new byte[slotCount][];
        this.maxRecord = maxRecord;
    }

    @Override
    public int slotCount() {
        return slots.length;
    }

    @Override
    public int maxRecordLength(int slot) {
        checkSlot(slot);
        return maxRecord;
    }

    @Override
    public synchronized int read(int slot, byte[] out, int off, int max) throws StorageException {
        checkSlot(slot);
        byte[] content = slots[slot];
        if (content == null) {
            return -1;
        }
        if (content.length > max) {
            throw new StorageException(StorageException.REASON_TOO_LARGE,
                    "slot " + slot + " holds " + content.length + " bytes, buffer takes " + max);
        }
        System.arraycopy(content, 0, out, off, content.length);
        return content.length;
    }

    @Override
    public synchronized void write(int slot, byte[] in, int off, int len) throws StorageException {
        checkSlot(slot);
        if (len > maxRecord) {
            throw new StorageException(StorageException.REASON_TOO_LARGE, "record of " + len + " bytes");
        }
        slots[slot] = Arrays.copyOfRange(in, off, off + len);
        writes++;
    }

    @Override
    public synchronized void erase(int slot) throws StorageException {
        checkSlot(slot);
        slots[slot] = null;
        writes++;
    }

    /** Replaces a slot's raw content without counting a write (for fault injection); null empties it. */
    public synchronized void poke(int slot, byte[] content) {
        checkSlot(slot);
        slots[slot] = content == null ? null : content.clone();
    }

    /** A copy of a slot's raw content, or null when empty. */
    public synchronized byte[] peek(int slot) {
        checkSlot(slot);
        return slots[slot] == null ? null : slots[slot].clone();
    }

    /** Number of writes and erases so far. */
    public synchronized int writeCount() {
        return writes;
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= slots.length) {
            throw new IllegalArgumentException("no slot " + slot);
        }
    }
}
