package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.X25519KeyAgreement;
import io.dynakey.device.crypto.XWingKem;

/**
 * Device to gateway: "rotate my PSK from {@code currentEpoch} to {@code newEpoch} with this
 * ephemeral X25519 key", signed by the device identity key. See {@code docs/protocol.md}.
 */
public final class RotateRequest extends SignedWireMessage {

    public static final int KEY_DEVICE_ID = 1;
    public static final int KEY_CURRENT_EPOCH = 2;
    public static final int KEY_NEW_EPOCH = 3;
    public static final int KEY_SUITE = 4;
    public static final int KEY_EPHEMERAL_KEY = 5;
    public static final int KEY_REASON = 6;
    public static final int KEY_RISK_PERMILLE = 7;
    public static final int KEY_MODEL_VERSION = 8;
    public static final int KEY_REQUEST_ID = 9;
    public static final int KEY_SIGNATURE = 10;

    private static final long BODY = (1L << KEY_DEVICE_ID) | (1L << KEY_CURRENT_EPOCH) | (1L << KEY_NEW_EPOCH)
            | (1L << KEY_SUITE) | (1L << KEY_EPHEMERAL_KEY) | (1L << KEY_REASON) | (1L << KEY_RISK_PERMILLE)
            | (1L << KEY_MODEL_VERSION) | (1L << KEY_REQUEST_ID);

    private final BytesField deviceId = new BytesField(Limits.MIN_DEVICE_ID, Limits.MAX_DEVICE_ID);
    private final BytesField ephemeralKey = new BytesField(X25519KeyAgreement.PUBLIC_KEY_LENGTH,
            XWingKem.PUBLIC_KEY_LENGTH);
    private final BytesField requestId = new BytesField(Limits.REQUEST_ID_LENGTH, Limits.REQUEST_ID_LENGTH);
    private int currentEpoch;
    private int newEpoch;
    private int suite;
    private int reason;
    private int riskPermille;
    private int modelVersion;

    @Override
    public int type() {
        return MessageType.ROTATE_REQUEST;
    }

    @Override
    String name() {
        return "RotateRequest";
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

    /** The device id (1..32 bytes). */
    public BytesField deviceId() {
        return deviceId;
    }

    /**
     * The device's ephemeral key share: an X25519 public key (32 bytes, suite 1) or an X-Wing
     * public key (1,216 bytes, suite 2); {@link CipherSuite#deviceShareLength}.
     */
    public BytesField ephemeralKey() {
        return ephemeralKey;
    }

    /** The request id (16 random bytes), echoed by the response; makes retries idempotent. */
    public BytesField requestId() {
        return requestId;
    }

    public int currentEpoch() {
        return currentEpoch;
    }

    public int newEpoch() {
        return newEpoch;
    }

    public int suite() {
        return suite;
    }

    /** A {@link RotationReason} code. */
    public int reason() {
        return reason;
    }

    public int riskPermille() {
        return riskPermille;
    }

    public int modelVersion() {
        return modelVersion;
    }

    /**
     * Sets every field but the signature (which a change invalidates). Byte fields are copied in
     * through {@link #deviceId()}, {@link #ephemeralKey()} and {@link #requestId()}.
     */
    public RotateRequest set(int currentEpoch, int newEpoch, int suite, int reason, int riskPermille, int modelVersion) {
        if (currentEpoch < 0 || newEpoch <= currentEpoch || !inRange(suite, 1, Limits.MAX_SUITE)
                || !inRange(reason, 0, 255) || !inRange(riskPermille, 0, Limits.MAX_RISK_PERMILLE) || modelVersion < 0) {
            throw new IllegalArgumentException("RotateRequest field out of range");
        }
        this.currentEpoch = currentEpoch;
        this.newEpoch = newEpoch;
        this.suite = suite;
        this.reason = reason;
        this.riskPermille = riskPermille;
        this.modelVersion = modelVersion;
        present = BODY;
        return this;
    }

    @Override
    int inconsistentField() {
        if (!deviceId.isValid()) {
            return KEY_DEVICE_ID;
        }
        if (!ephemeralKey.isValid() || !fitsSuite(ephemeralKey.length(), CipherSuite.deviceShareLength(suite))) {
            return KEY_EPHEMERAL_KEY;
        }
        if (!requestId.isValid()) {
            return KEY_REQUEST_ID;
        }
        return newEpoch <= currentEpoch ? KEY_NEW_EPOCH : -1;
    }

    @Override
    void writeBodyField(int key, CborWriter w) throws CborException {
        switch (key) {
            case KEY_DEVICE_ID:
                deviceId.write(w);
                break;
            case KEY_CURRENT_EPOCH:
                w.writeUnsigned(currentEpoch);
                break;
            case KEY_NEW_EPOCH:
                w.writeUnsigned(newEpoch);
                break;
            case KEY_SUITE:
                w.writeUnsigned(suite);
                break;
            case KEY_EPHEMERAL_KEY:
                ephemeralKey.write(w);
                break;
            case KEY_REASON:
                w.writeUnsigned(reason);
                break;
            case KEY_RISK_PERMILLE:
                w.writeUnsigned(riskPermille);
                break;
            case KEY_MODEL_VERSION:
                w.writeUnsigned(modelVersion);
                break;
            default:
                requestId.write(w);
        }
    }

    @Override
    boolean readBodyField(int key, CborReader r) throws CborException {
        switch (key) {
            case KEY_DEVICE_ID:
                return deviceId.read(r);
            case KEY_CURRENT_EPOCH:
                currentEpoch = r.readInt(0, Limits.MAX_COUNTER);
                return true;
            case KEY_NEW_EPOCH:
                newEpoch = r.readInt(1, Limits.MAX_COUNTER);
                return true;
            case KEY_SUITE:
                suite = r.readInt(1, Limits.MAX_SUITE);
                return true;
            case KEY_EPHEMERAL_KEY:
                return ephemeralKey.read(r);
            case KEY_REASON:
                reason = r.readInt(0, 255);
                return true;
            case KEY_RISK_PERMILLE:
                riskPermille = r.readInt(0, Limits.MAX_RISK_PERMILLE);
                return true;
            case KEY_MODEL_VERSION:
                modelVersion = r.readInt(0, Limits.MAX_COUNTER);
                return true;
            default:
                return requestId.read(r);
        }
    }

    @Override
    void clearBodyFields() {
        deviceId.clear();
        ephemeralKey.clear();
        requestId.clear();
        currentEpoch = 0;
        newEpoch = 0;
        suite = 0;
        reason = 0;
        riskPermille = 0;
        modelVersion = 0;
    }

    @Override
    public String toString() {
        return "RotateRequest{epoch " + currentEpoch + "->" + newEpoch + ", suite=" + suite + ", reason=" + reason
                + ", risk=" + riskPermille + "/1000, model=" + modelVersion + ", signed=" + isSigned() + "}";
    }
}
