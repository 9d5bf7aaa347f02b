package io.dynakey.device.hal;

/**
 * {@link SecureStorage} in RAM: for tests, and for fleets of simulated devices where a file per
 * slot and an fsync per write would measure the host's disk instead of the protocol. A write is
 * atomic (the slot's record is replaced in one assignment); the replaced or erased record is
 * wiped. A read that does not fit the caller's buffer is refused with
 * {@link HalException#REASON_TOO_LARGE}, never truncated. Contents vanish with the process.
 * Counts writes and erases. Thread-safe; a write allocates one record-sized array.
 */
public final class MemorySecureStorage implements SecureStorage {

    /** Slot count of a default instance: every {@code SLOT_*} constant plus a spare. */
    public static final int DEFAULT_SLOT_COUNT = 7;
    /** Record size limit of a default instance, bytes. */
    public static final int DEFAULT_MAX_RECORD = 64 * 1024;

    private final byte[][] slots;
    private final int maxRecord;
    private int writes;

    /** {@link #DEFAULT_SLOT_COUNT} slots of at most {@link #DEFAULT_MAX_RECORD} bytes. */
    public MemorySecureStorage() {
        this(DEFAULT_SLOT_COUNT, DEFAULT_MAX_RECORD);
    }

    /** {@code slotCount} empty slots, each holding records of at most {@code maxRecordLength} bytes. */
    public MemorySecureStorage(int slotCount, int maxRecordLength) {
        if (slotCount <= 0 || maxRecordLength <= 0) {
            throw new IllegalArgumentException("slotCount and maxRecordLength must be > 0");
        }
        this.slots = new byte[slotCount][];
        this.maxRecord = maxRecordLength;
    }

    @Override
    public int slotCount() {
        return slots.length;
    }

    @Override
    public int maxRecordLength(int slot) {
        check(slot);
        return maxRecord;
    }

    @Override
    public synchronized int read(int slot, byte[] out, int off, int max) throws StorageException {
        check(slot);
        byte[] rec = slots[slot];
        if (rec == null) {
            return -1;
        }
        if (off < 0 || max < 0 || rec.length > max || rec.length > out.length - off) {
            throw new StorageException(HalException.REASON_TOO_LARGE, "slot " + slot + ": record of " + rec.length
                    + " bytes does not fit the caller's buffer");
        }
        System.arraycopy(rec, 0, out, off, rec.length);
        return rec.length;
    }

    @Override
    public synchronized void write(int slot, byte[] in, int off, int len) throws StorageException {
        check(slot);
        if (len < 0 || off < 0 || len > in.length - off) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside buffer of " + in.length);
        }
        if (len > maxRecord) {
            throw new StorageException(HalException.REASON_TOO_LARGE, "slot " + slot + ": record of " + len
                    + " bytes exceeds the slot's " + maxRecord);
        }
        replace(slot, copy(in, off, len));
        writes++;
    }

    @Override
    public synchronized void erase(int slot) {
        check(slot);
        replace(slot, null);
        writes++;
    }

    /**
     * Replaces a slot's raw content without counting a write, for fault injection (a torn or
     * corrupted record); null empties the slot. The array is copied.
     */
    public synchronized void poke(int slot, byte[] content) {
        check(slot);
        replace(slot, content == null ? null : copy(content, 0, content.length));
    }

    /** A copy of a slot's raw content, or null when the slot is empty. */
    public synchronized byte[] peek(int slot) {
        check(slot);
        byte[] rec = slots[slot];
        return rec == null ? null : copy(rec, 0, rec.length);
    }

    /** Number of writes and erases so far. */
    public synchronized int writeCount() {
        return writes;
    }

    private void replace(int slot, byte[] rec) {
        byte[] old = slots[slot];
        slots[slot] = rec;
        if (old != null) {
            for (int i = 0; i < old.length; i++) {
                old[i] = 0;
            }
        }
    }

    private static byte[] copy(byte[] from, int off, int len) {
        byte[] b = new byte[len];
        System.arraycopy(from, off, b, 0, len);
        return b;
    }

    private void check(int slot) {
        if (slot < 0 || slot >= slots.length) {
            throw new IllegalArgumentException("slot " + slot + " outside 0.." + (slots.length - 1));
        }
    }

    @Override
    public String toString() {
        return "MemorySecureStorage[" + slots.length + " slots]";
    }
}
