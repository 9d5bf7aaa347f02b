package io.dynakey.hardware.hal;

import io.dynakey.device.hal.HalException;
import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.hal.StorageException;
import java.util.Arrays;

/**
 * {@link SecureStorage} in RAM, for fleets of thousands of simulated devices where a file per
 * slot and an fsync per write would measure the host's disk instead of the protocol. Writes are
 * atomic (a record is replaced in one assignment). Contents vanish with the JVM: use
 * {@link FileSecureStorage} when a run must survive a crash. Thread-safe.
 */
public final class MemorySecureStorage implements SecureStorage {

    private final byte[][] slots;
    private final int maxRecord;

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
        if (rec.length > max || off < 0 || off + rec.length > out.length) {
            throw new StorageException(HalException.REASON_TOO_LARGE, "slot " + slot + ": record of " + rec.length
                    + " bytes does not fit the caller's buffer");
        }
        System.arraycopy(rec, 0, out, off, rec.length);
        return rec.length;
    }

    @Override
    public synchronized void write(int slot, byte[] in, int off, int len) throws StorageException {
        check(slot);
        if (len < 0 || off < 0 || off + len > in.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside buffer of " + in.length);
        }
        if (len > maxRecord) {
            throw new StorageException(HalException.REASON_TOO_LARGE, "slot " + slot + ": record of " + len
                    + " bytes exceeds the slot's " + maxRecord);
        }
        byte[] old = slots[slot];
        slots[slot] = Arrays.copyOfRange(in, off, off + len);
        if (old != null) {
            Arrays.fill(old, (byte) 0);
        }
    }

    @Override
    public synchronized void erase(int slot) {
        check(slot);
        if (slots[slot] != null) {
            Arrays.fill(slots[slot], (byte) 0);
        }
        slots[slot] = null;
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
