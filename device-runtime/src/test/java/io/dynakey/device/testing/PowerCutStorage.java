package io.dynakey.device.testing;

import io.dynakey.device.hal.MemorySecureStorage;
import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.hal.StorageException;

/**
 * A {@link SecureStorage} that loses power during its k-th mutating step (write or erase,
 * counted from 1). What the interrupted step leaves behind is chosen by the {@code CUT_*} mode;
 * afterwards every operation fails until the test "reboots" by building a new component over
 * {@link #backing()}.
 */
public final class PowerCutStorage implements SecureStorage {

    /** Power fails before the step touches the slot: the old content stays. */
    public static final int CUT_BEFORE = 0;
    /** The step completes but power fails before it returns: the new content is there. */
    public static final int CUT_AFTER = 1;
    /**
     * The write is torn: only the first half of the new record lands. This breaks the HAL's
     * atomic contract on purpose, to show that record checksums catch it.
     */
    public static final int CUT_TORN = 2;

    private final MemorySecureStorage backing;
    private final int cutAtStep;
    private final int mode;
    private int steps;
    private boolean dead;

    /** Cuts power at step {@code cutAtStep} (1-based); 0 never cuts. */
    public PowerCutStorage(MemorySecureStorage backing, int cutAtStep, int mode) {
        this.backing = backing;
        this.cutAtStep = cutAtStep;
        this.mode = mode;
    }

    /** The surviving storage, for the reboot. */
    public MemorySecureStorage backing() {
        return backing;
    }

    /** True once power was cut. */
    public boolean powerLost() {
        return dead;
    }

    @Override
    public int slotCount() {
        return backing.slotCount();
    }

    @Override
    public int maxRecordLength(int slot) {
        return backing.maxRecordLength(slot);
    }

    @Override
    public int read(int slot, byte[] out, int off, int max) throws StorageException {
        checkAlive();
        return backing.read(slot, out, off, max);
    }

    @Override
    public void write(int slot, byte[] in, int off, int len) throws StorageException {
        checkAlive();
        if (++steps == cutAtStep) {
            dead = true;
            if (mode == CUT_AFTER) {
                backing.write(slot, in, off, len);
            } else if (mode == CUT_TORN) {
                byte[] torn = backing.peek(slot);
                byte[] merged = new byte[len];
                if (torn != null) {
                    System.arraycopy(torn, 0, merged, 0, Math.min(torn.length, len));
                }
                System.arraycopy(in, off, merged, 0, len / 2);
                backing.poke(slot, merged);
            }
            throw new StorageException(StorageException.REASON_IO, "power lost during write of slot " + slot);
        }
        backing.write(slot, in, off, len);
    }

    @Override
    public void erase(int slot) throws StorageException {
        checkAlive();
        if (++steps == cutAtStep) {
            dead = true;
            if (mode != CUT_BEFORE) {
                backing.erase(slot);
            }
            throw new StorageException(StorageException.REASON_IO, "power lost during erase of slot " + slot);
        }
        backing.erase(slot);
    }

    private void checkAlive() throws StorageException {
        if (dead) {
            throw new StorageException(StorageException.REASON_UNAVAILABLE, "no power");
        }
    }
}
