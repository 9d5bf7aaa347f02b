package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.AesCcm8;
import io.dynakey.device.crypto.CryptoException;

/**
 * Gateway to device: the current key of the device's group, wrapped with AES-CCM-8 under the
 * device's current PSK.
 *
 * <pre>
 * wrapped = AES-128-CCM-8(key = PSK, nonce = the 13-byte nonce field,
 *                         aad = "dynakey-gk-v1" || u32be groupId || u32be keyVersion,
 *                         plaintext = 16-byte group key)        -> 24 bytes
 * </pre>
 */
public final class GroupKeyResponse extends WireMessage {

    /** Length of a group key, bytes. */
    public static final int GROUP_KEY_LENGTH = 16;
    /** Length of the wrapped key (key + tag), bytes. */
    public static final int WRAPPED_LENGTH = GROUP_KEY_LENGTH + AesCcm8.TAG_LENGTH;

    public static final int KEY_GROUP_ID = 1;
    public static final int KEY_KEY_VERSION = 2;
    public static final int KEY_NONCE = 3;
    public static final int KEY_WRAPPED_KEY = 4;

    private static final long ALL = (1L << KEY_GROUP_ID) | (1L << KEY_KEY_VERSION) | (1L << KEY_NONCE)
            | (1L << KEY_WRAPPED_KEY);
    private static final byte[] LABEL = {'d', 'y', 'n', 'a', 'k', 'e', 'y', '-', 'g', 'k', '-', 'v', '1'};

    private final BytesField nonce = new BytesField(AesCcm8.NONCE_LENGTH, AesCcm8.NONCE_LENGTH);
    private final BytesField wrappedKey = new BytesField(WRAPPED_LENGTH, WRAPPED_LENGTH);
    private final byte[] aad = new byte[LABEL.length + 8];
    private int groupId;
    private int keyVersion;

    @Override
    public int type() {
        return MessageType.GROUP_KEY_RESPONSE;
    }

    @Override
    String name() {
        return "GroupKeyResponse";
    }

    @Override
    long definedKeys() {
        return ALL;
    }

    @Override
    long requiredKeys() {
        return ALL;
    }

    public int groupId() {
        return groupId;
    }

    /** Version of the group key; grows with every group rekey. */
    public int keyVersion() {
        return keyVersion;
    }

    /** The 13-byte CCM nonce; the gateway fills it with fresh random bytes before {@link #wrap}. */
    public BytesField nonce() {
        return nonce;
    }

    /** The wrapped group key (24 bytes). */
    public BytesField wrappedKey() {
        return wrappedKey;
    }

    /** Sets group id and key version. */
    public GroupKeyResponse set(int groupId, int keyVersion) {
        if (!inRange(groupId, 0, Limits.MAX_COUNTER) || !inRange(keyVersion, 0, Limits.MAX_COUNTER)) {
            throw new IllegalArgumentException("group id or key version out of range");
        }
        this.groupId = groupId;
        this.keyVersion = keyVersion;
        present = ALL;
        return this;
    }

    /** Wraps {@code groupKey[gkOff .. +16)} under the PSK into the wrapped-key field (set the nonce first). */
    public void wrap(AesCcm8 ccm, byte[] psk, int pskOff, byte[] groupKey, int gkOff) throws CryptoException {
        if (!nonce.isValid()) {
            throw new IllegalStateException("set the nonce before wrapping");
        }
        fillAad();
        ccm.seal(psk, pskOff, nonce.array(), 0, aad, 0, aad.length, groupKey, gkOff, GROUP_KEY_LENGTH,
                wrappedKey.array(), 0);
        wrappedKey.setLength(WRAPPED_LENGTH);
    }

    /**
     * Unwraps the group key into {@code out[outOff .. +16)}.
     *
     * @throws CryptoException {@code REASON_AUTHENTICATION_FAILED} under a wrong PSK or when any
     *     field was altered
     */
    public void unwrap(AesCcm8 ccm, byte[] psk, int pskOff, byte[] out, int outOff) throws CryptoException {
        if (!nonce.isValid() || !wrappedKey.isValid()) {
            throw new IllegalStateException("no wrapped key");
        }
        fillAad();
        ccm.open(psk, pskOff, nonce.array(), 0, aad, 0, aad.length, wrappedKey.array(), 0, WRAPPED_LENGTH, out, outOff);
    }

    private void fillAad() {
        System.arraycopy(LABEL, 0, aad, 0, LABEL.length);
        int n = LABEL.length;
        for (int i = 0; i < 4; i++) {
            aad[n + i] = (byte) (groupId >>> (24 - 8 * i));
            aad[n + 4 + i] = (byte) (keyVersion >>> (24 - 8 * i));
        }
    }

    @Override
    int inconsistentField() {
        if (!nonce.isValid()) {
            return KEY_NONCE;
        }
        return wrappedKey.isValid() ? -1 : KEY_WRAPPED_KEY;
    }

    @Override
    void writeField(int key, CborWriter w) throws CborException {
        switch (key) {
            case KEY_GROUP_ID:
                w.writeUnsigned(groupId);
                break;
            case KEY_KEY_VERSION:
                w.writeUnsigned(keyVersion);
                break;
            case KEY_NONCE:
                nonce.write(w);
                break;
            default:
                wrappedKey.write(w);
        }
    }

    @Override
    boolean readField(int key, CborReader r) throws CborException {
        switch (key) {
            case KEY_GROUP_ID:
                groupId = r.readInt(0, Limits.MAX_COUNTER);
                return true;
            case KEY_KEY_VERSION:
                keyVersion = r.readInt(0, Limits.MAX_COUNTER);
                return true;
            case KEY_NONCE:
                return nonce.read(r);
            default:
                return wrappedKey.read(r);
        }
    }

    @Override
    void clearFields() {
        nonce.clear();
        wrappedKey.clear();
        groupId = 0;
        keyVersion = 0;
    }

    @Override
    public String toString() {
        return "GroupKeyResponse{group=" + groupId + ", version=" + keyVersion + "}";
    }
}
