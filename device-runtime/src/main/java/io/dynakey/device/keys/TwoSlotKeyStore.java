package io.dynakey.device.keys;

import io.dynakey.device.crypto.Secrets;
import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.hal.StorageException;

/**
 * The device's PSK store: two slots (A and B) in {@link SecureStorage}, each holding one
 * {@link KeySlotRecord} (epoch, PSK, state, CRC).
 *
 * <ul>
 * <li>The <b>active</b> key is the valid committed record with the highest epoch.</li>
 * <li>{@link #stage} writes the new key into the <em>other</em> slot as staged; the active slot
 *     is never written while it is active.</li>
 * <li>{@link #commit} rewrites the staged slot as committed: one atomic slot write switches the
 *     active key, and since its epoch is higher, epochs never go backwards.</li>
 * </ul>
 * A power cut at any write leaves the old active key, the new one, or (when the staged record
 * was lost) the old one with nothing staged. Torn writes, which the HAL contract excludes,
 * fail the CRC and are ignored the same way.
 *
 * <p>Key bytes are never cached: each copy re-reads and re-checks the slot; the scratch record
 * is wiped after every use. Not thread-safe. Allocation-free after construction.
 */
public final class TwoSlotKeyStore {

    /** PSK length, bytes. */
    public static final int PSK_LENGTH = KeySlotRecord.PSK_LENGTH;

    private static final int[] SLOTS = {SecureStorage.SLOT_KEY_A, SecureStorage.SLOT_KEY_B};

    private final SecureStorage storage;
    private final byte[] record = new byte[KeySlotRecord.LENGTH];
    private final int[] state = new int[2];
    private final int[] epoch = new int[2];
    private int active = -1;
    private boolean loaded;

    /** A store over {@code storage}; call {@link #load()} before use. */
    public TwoSlotKeyStore(SecureStorage storage) {
        this.storage = storage;
        for (int i = 0; i < 2; i++) {
            if (storage.maxRecordLength(SLOTS[i]) < KeySlotRecord.LENGTH) {
                throw new IllegalArgumentException("key slots must hold " + KeySlotRecord.LENGTH + " bytes");
            }
        }
    }

    /** Reads both slots and selects the active and staged keys (after boot, or after a failure). */
    public void load() throws StorageException {
        active = -1;
        for (int i = 0; i < 2; i++) {
            int len = readSlot(i);
            state[i] = KeySlotRecord.validState(record, len);
            epoch[i] = state[i] == KeySlotRecord.STATE_INVALID ? -1 : KeySlotRecord.epoch(record);
            Secrets.wipe(record);
        }
        for (int i = 0; i < 2; i++) {
            if (state[i] == KeySlotRecord.STATE_COMMITTED && (active < 0 || epoch[i] > epoch[active])) {
                active = i;
            }
        }
        loaded = true;
    }

    /** True when a committed key exists. */
    public boolean hasActiveKey() {
        checkLoaded();
        return active >= 0;
    }

    /** The active key's epoch, or -1 when there is none. */
    public int activeEpoch() {
        checkLoaded();
        return active < 0 ? -1 : epoch[active];
    }

    /** True when a key newer than the active one is staged (a rotation awaits its commit). */
    public boolean hasStagedKey() {
        checkLoaded();
        int other = active < 0 ? -1 : 1 - active;
        if (other < 0) {
            return false;
        }
        return state[other] == KeySlotRecord.STATE_STAGED && epoch[other] > epoch[active];
    }

    /** The staged key's epoch, or -1. */
    public int stagedEpoch() {
        return hasStagedKey() ? epoch[1 - active] : -1;
    }

    /** Copies the active PSK to {@code out[off .. off+16)}; returns its epoch. */
    public int copyActiveKey(byte[] out, int off) throws StorageException, KeyStoreException {
        if (!hasActiveKey()) {
            throw new KeyStoreException(KeyStoreException.REASON_NO_ACTIVE_KEY, "no committed key");
        }
        return copyKey(active, KeySlotRecord.STATE_COMMITTED, out, off);
    }

    /** Copies the staged PSK to {@code out[off .. off+16)}; returns its epoch. */
    public int copyStagedKey(byte[] out, int off) throws StorageException, KeyStoreException {
        if (!hasStagedKey()) {
            throw new KeyStoreException(KeyStoreException.REASON_NOT_STAGED, "no staged key");
        }
        return copyKey(1 - active, KeySlotRecord.STATE_STAGED, out, off);
    }

    /** Installs the first key (factory or enrolment) as committed in slot A. */
    public void provision(int epoch, byte[] psk, int pskOff) throws StorageException, KeyStoreException {
        checkLoaded();
        checkKey(epoch, psk, pskOff);
        if (active >= 0) {
            throw new KeyStoreException(KeyStoreException.REASON_ALREADY_PROVISIONED, "a key is already committed");
        }
        write(0, KeySlotRecord.STATE_COMMITTED, epoch, psk, pskOff);
        active = 0;
    }

    /**
     * Stages the next key in the slot that does not hold the active key, replacing whatever
     * was staged there.
     *
     * @throws KeyStoreException {@code REASON_STALE_EPOCH} unless {@code epoch > activeEpoch()}
     */
    public void stage(int epoch, byte[] psk, int pskOff) throws StorageException, KeyStoreException {
        checkLoaded();
        checkKey(epoch, psk, pskOff);
        if (active < 0) {
            throw new KeyStoreException(KeyStoreException.REASON_NO_ACTIVE_KEY, "stage needs a committed key");
        }
        if (epoch <= this.epoch[active]) {
            throw new KeyStoreException(KeyStoreException.REASON_STALE_EPOCH,
                    "epoch " + epoch + " is not newer than the active epoch " + this.epoch[active]);
        }
        write(1 - active, KeySlotRecord.STATE_STAGED, epoch, psk, pskOff);
    }

    /**
     * Makes the staged key of {@code epoch} the active one (one atomic slot write).
     *
     * @throws KeyStoreException {@code REASON_NOT_STAGED} when that epoch is not staged
     */
    public void commit(int epoch) throws StorageException, KeyStoreException {
        if (!hasStagedKey() || this.epoch[1 - active] != epoch) {
            throw new KeyStoreException(KeyStoreException.REASON_NOT_STAGED, "epoch " + epoch + " is not staged");
        }
        int slot = 1 - active;
        int len = readSlot(slot);
        try {
            if (KeySlotRecord.validState(record, len) != KeySlotRecord.STATE_STAGED
                    || KeySlotRecord.epoch(record) != epoch) {
                load();
                throw new KeyStoreException(KeyStoreException.REASON_CORRUPT, "staged slot changed");
            }
            write(slot, KeySlotRecord.STATE_COMMITTED, epoch, record, KeySlotRecord.PSK_OFFSET);
        } finally {
            Secrets.wipe(record);
        }
        active = slot;
    }

    /** Forgets a staged key (a rotation that the gateway refused or that will not complete). */
    public void discardStaged() throws StorageException {
        if (hasStagedKey()) {
            int slot = 1 - active;
            storage.erase(SLOTS[slot]);
            state[slot] = KeySlotRecord.STATE_INVALID;
            epoch[slot] = -1;
        }
    }

    private int copyKey(int slot, int expectedState, byte[] out, int off) throws StorageException, KeyStoreException {
        if (out == null || off < 0 || off > out.length - PSK_LENGTH) {
            throw new IllegalArgumentException("output too short for a PSK");
        }
        int len = readSlot(slot);
        try {
            if (KeySlotRecord.validState(record, len) != expectedState || KeySlotRecord.epoch(record) != epoch[slot]) {
                load();
                throw new KeyStoreException(KeyStoreException.REASON_CORRUPT, "key slot changed; reloaded");
            }
            System.arraycopy(record, KeySlotRecord.PSK_OFFSET, out, off, PSK_LENGTH);
            return epoch[slot];
        } finally {
            Secrets.wipe(record);
        }
    }

    private void write(int slot, int newState, int newEpoch, byte[] psk, int pskOff) throws StorageException {
        // mark the slot unknown first: if the write fails, load() decides what it holds
        state[slot] = KeySlotRecord.STATE_INVALID;
        epoch[slot] = -1;
        try {
            KeySlotRecord.encode(record, newState, newEpoch, psk, pskOff);
            storage.write(SLOTS[slot], record, 0, KeySlotRecord.LENGTH);
        } finally {
            Secrets.wipe(record);
        }
        state[slot] = newState;
        epoch[slot] = newEpoch;
    }

    /** Reads a slot into the scratch record; -1 when empty, or when it holds more than a record. */
    private int readSlot(int slot) throws StorageException {
        Secrets.wipe(record);
        try {
            return storage.read(SLOTS[slot], record, 0, record.length);
        } catch (StorageException e) {
            if (e.reason() == StorageException.REASON_TOO_LARGE) {
                return -1;
            }
            throw e;
        }
    }

    private void checkKey(int epoch, byte[] psk, int pskOff) {
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch");
        }
        if (psk == null || pskOff < 0 || pskOff > psk.length - PSK_LENGTH) {
            throw new IllegalArgumentException("PSK must be 16 bytes");
        }
    }

    private void checkLoaded() {
        if (!loaded) {
            throw new IllegalStateException("load() the key store first");
        }
    }

    @Override
    public String toString() {
        return "TwoSlotKeyStore{activeEpoch=" + (loaded ? activeEpoch() : -1) + ", stagedEpoch="
                + (loaded ? stagedEpoch() : -1) + "}";
    }
}
