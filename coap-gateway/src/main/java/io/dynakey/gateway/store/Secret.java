package io.dynakey.gateway.store;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Key bytes in memory: copied in, copied out, wiped by {@link #destroy()}, compared in constant
 * time, never shown by {@link #toString()}. Not thread-safe against concurrent destroy.
 */
public final class Secret implements Destroyable {

    private final byte[] bytes;
    private boolean destroyed;

    /** A secret holding a copy of {@code bytes}. */
    public Secret(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** Takes ownership of {@code bytes} without copying (the caller drops its reference). */
    static Secret adopt(byte[] bytes) {
        return new Secret(bytes, true);
    }

    private Secret(byte[] bytes, boolean adopt) {
        this.bytes = bytes;
    }

    /** A copy of the key bytes. */
    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("secret destroyed");
        }
        return bytes.clone();
    }

    /** Length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** Constant-time comparison with {@code other}. */
    public boolean matches(byte[] other) {
        return !destroyed && MessageDigest.isEqual(bytes, other);
    }

    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "Secret[" + bytes.length + " bytes]";
    }
}
