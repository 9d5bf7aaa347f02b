package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.Ed25519Signatures;

/**
 * Device to gateway: announces the device's Ed25519 identity key, signed with that key (proof
 * of possession). The gateway accepts it only for a device an operator or a signed factory list
 * registered.
 */
public final class EnrolRequest extends SignedWireMessage {

    public static final int KEY_DEVICE_ID = 1;
    public static final int KEY_IDENTITY_KEY = 2;
    public static final int KEY_SUITE = 3;
    public static final int KEY_MODEL_VERSION = 4;
    public static final int KEY_NONCE = 5;
    public static final int KEY_SIGNATURE = 6;

    private static final long BODY = (1L << KEY_DEVICE_ID) | (1L << KEY_IDENTITY_KEY) | (1L << KEY_SUITE)
            | (1L << KEY_MODEL_VERSION) | (1L << KEY_NONCE);

    private final BytesField deviceId = new BytesField(Limits.MIN_DEVICE_ID, Limits.MAX_DEVICE_ID);
    private final BytesField identityKey = new BytesField(Ed25519Signatures.PUBLIC_KEY_LENGTH,
            Ed25519Signatures.PUBLIC_KEY_LENGTH);
    private final BytesField nonce = new BytesField(Limits.REQUEST_ID_LENGTH, Limits.REQUEST_ID_LENGTH);
    private int suite;
    private int modelVersion;

    @Override
    public int type() {
        return MessageType.ENROL_REQUEST;
    }

    @Override
    String name() {
        return "EnrolRequest";
    }

    @Override
    int signatureKey() {
        return KEY_SIGNATURE;
    }

    @Override
    long definedKeys() {
        return BODY | (1L << KEY_SIGNATURE);
    }

    @Override
    long requiredBodyKeys() {
        return BODY;
    }

    public BytesField deviceId() {
        return deviceId;
    }

    /** The device's Ed25519 identity public key (32 bytes). */
    public BytesField identityKey() {
        return identityKey;
    }

    /** 16 random bytes that make each enrolment attempt distinct. */
    public BytesField nonce() {
        return nonce;
    }

    /** Highest cipher suite the device supports. */
    public int suite() {
        return suite;
    }

    public int modelVersion() {
        return modelVersion;
    }

    /** Sets the scalar fields (the signature is invalidated). */
    public EnrolRequest set(int suite, int modelVersion) {
        if (!inRange(suite, 1, Limits.MAX_SUITE) || modelVersion < 0) {
            throw new IllegalArgumentException("EnrolRequest field out of range");
        }
        this.suite = suite;
        this.modelVersion = modelVersion;
        present = BODY;
        return this;
    }

    @Override
    int inconsistentField() {
        if (!deviceId.isValid()) {
            return KEY_DEVICE_ID;
        }
        if (!identityKey.isValid()) {
            return KEY_IDENTITY_KEY;
        }
        return nonce.isValid() ? -1 : KEY_NONCE;
    }

    @Override
    void writeBodyField(int key, CborWriter w) throws CborException {
        switch (key) {
            case KEY_DEVICE_ID:
                deviceId.write(w);
                break;
            case KEY_IDENTITY_KEY:
                identityKey.write(w);
                break;
            case KEY_SUITE:
                w.writeUnsigned(suite);
                break;
            case KEY_MODEL_VERSION:
                w.writeUnsigned(modelVersion);
                break;
            default:
                nonce.write(w);
        }
    }

    @Override
    boolean readBodyField(int key, CborReader r) throws CborException {
        switch (key) {
            case KEY_DEVICE_ID:
                return deviceId.read(r);
            case KEY_IDENTITY_KEY:
                return identityKey.read(r);
            case KEY_SUITE:
                suite = r.readInt(1, Limits.MAX_SUITE);
                return true;
            case KEY_MODEL_VERSION:
                modelVersion = r.readInt(0, Limits.MAX_COUNTER);
                return true;
            default:
                return nonce.read(r);
        }
    }

    @Override
    void clearBodyFields() {
        deviceId.clear();
        identityKey.clear();
        nonce.clear();
        suite = 0;
        modelVersion = 0;
    }

    @Override
    public String toString() {
        return "EnrolRequest{suite=" + suite + ", model=" + modelVersion + ", signed=" + isSigned() + "}";
    }
}
