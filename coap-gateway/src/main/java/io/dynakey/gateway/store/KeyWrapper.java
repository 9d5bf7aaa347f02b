package io.dynakey.gateway.store;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * Wraps keys at rest with AES-256-GCM under the key-encryption key (KEK). A wrapped key is
 * {@code version(1) | nonce(12) | ciphertext | tag(16)}; the associated data binds it to its row
 * (e.g. device id and epoch), so a wrapped key copied to another row does not unwrap.
 * Thread-safe. {@link #toString()} never shows the KEK.
 */
public final class KeyWrapper implements Destroyable {

    /** KEK length in bytes. */
    public static final int KEK_LENGTH = 32;
    private static final int VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final byte[] kek;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean destroyed;

    /** A wrapper under {@code kek} (32 bytes; copied). */
    public KeyWrapper(byte[] kek) {
        if (kek == null || kek.length != KEK_LENGTH) {
            throw new IllegalArgumentException("the key-encryption key must be " + KEK_LENGTH + " bytes");
        }
        this.kek = kek.clone();
    }

    /** Encrypts {@code key} bound to {@code context}. */
    public byte[] wrap(byte[] key, byte[] context) {
        byte[] out = new byte[1 + NONCE + key.length + TAG_BITS / 8];
        out[0] = VERSION;
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 1, NONCE);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce);
            c.updateAAD(context);
            c.doFinal(key, 0, key.length, out, 1 + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
        return out;
    }

    /** Decrypts a wrapped key bound to {@code context}. */
    public byte[] unwrap(byte[] wrapped, byte[] context) throws StoreException {
        if (wrapped == null || wrapped.length < 1 + NONCE + TAG_BITS / 8 || wrapped[0] != VERSION) {
            throw new StoreException(StoreException.Reason.UNWRAP_FAILED, "malformed wrapped key");
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(wrapped, 1, 1 + NONCE));
            c.updateAAD(context);
            return c.doFinal(wrapped, 1 + NONCE, wrapped.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new StoreException(StoreException.Reason.UNWRAP_FAILED,
                    "wrapped key does not authenticate (wrong key-encryption key or tampered row)");
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        if (destroyed) {
            throw new IllegalStateException("key wrapper destroyed");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(kek, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "KeyWrapper[AES-256-GCM]";
    }
}
