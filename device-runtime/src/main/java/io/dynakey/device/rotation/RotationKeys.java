package io.dynakey.device.rotation;

import io.dynakey.device.hal.StorageException;

/**
 * What the rotation client needs from the device's two-slot key store: at most two keys, by
 * epoch, each write atomic. After a power cut at any instant the store still holds the key that
 * worked before and, once written, the new one; the client tries the newer first and falls back.
 */
public interface RotationKeys {

    /** Epoch of the newest stored key, or -1 when there is none. */
    int newestEpoch();

    /** Epoch of the other stored key, or -1 when there is none. */
    int olderEpoch();

    /** Copies the key of {@code epoch} to {@code out[off ..]} and returns its length, or -1 if absent. */
    int readKey(int epoch, byte[] out, int off) throws StorageException;

    /**
     * Atomically stores {@code key} for {@code epoch} (greater than {@link #newestEpoch()}) in
     * place of the older key; the newest key so far stays.
     */
    void storeNewer(int epoch, byte[] key, int off, int len) throws StorageException;

    /** The gateway confirmed the key of {@code epoch}; the other key may be erased. */
    void confirmed(int epoch) throws StorageException;
}
