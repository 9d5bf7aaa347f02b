package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.RotationKeyDerivation;
import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.X25519KeyAgreement;
import io.dynakey.device.crypto.XWingKem;

/**
 * Gateway to device: the answer to a {@link RotateRequest}, signed by the gateway identity key.
 * When the status is {@link #STATUS_ACCEPTED} it carries the gateway's ephemeral X25519 key;
 * otherwise that key is absent.
 */
public final class RotateResponse extends SignedWireMessage {

    /** The rotation goes ahead: the new key is pending on the gateway. */
    public static final int STATUS_ACCEPTED = 0;
    /** Not now (rate limit, another rotation in progress); the device may retry later. */
    public static final int STATUS_RETRY_LATER = 1;

    public static final int KEY_STATUS = 1;
    public static final int KEY_NEW_EPOCH = 2;
    public static final int KEY_SUITE = 3;
    public static final int KEY_EPHEMERAL_KEY = 4;
    public static final int KEY_REQUEST_ID = 5;
    public static final int KEY_REQUEST_HASH = 6;
    public static final int KEY_SIGNATURE = 7;

    private static final long BODY = (1L << KEY_STATUS) | (1L << KEY_NEW_EPOCH) | (1L << KEY_SUITE)
            | (1L << KEY_REQUEST_ID) | (1L << KEY_REQUEST_HASH);

    private final BytesField ephemeralKey = new BytesField(X25519KeyAgreement.PUBLIC_KEY_LENGTH,
            XWingKem.CIPHERTEXT_LENGTH);
    private final BytesField requestId = new BytesField(Limits.REQUEST_ID_LENGTH, Limits.REQUEST_ID_LENGTH);
    private final BytesField requestHash = new BytesField(RotationKeyDerivation.TRANSCRIPT_HASH_LENGTH,
            RotationKeyDerivation.TRANSCRIPT_HASH_LENGTH);
    private int status;
    private int newEpoch;
    private int suite;

    @Override
    public int type() {
        return MessageType.ROTATE_RESPONSE;
    }

    @Override
    String name() {
        return "RotateResponse";
    }

    @Override
    int signatureKey() {
        return KEY_SIGNATURE;
    }

    @Override
    long definedKeys() {
        return BODY | (1L << KEY_EPHEMERAL_KEY) | (1L << KEY_SIGNATURE);
    }

    @Override
    long requiredBodyKeys() {
        return BODY;
    }

    /**
     * The gateway's key share, only with {@link #STATUS_ACCEPTED}: its ephemeral X25519 public key
     * (32 bytes, suite 1) or the X-Wing ciphertext to the device's key (1,120 bytes, suite 2).
     */
    public BytesField ephemeralKey() {
        return ephemeralKey;
    }

    /** Echo of the request's id (16 bytes). */
    public BytesField requestId() {
        return requestId;
    }

    /** SHA-256 of the encoded request as the gateway received it (32 bytes). */
    public BytesField requestHash() {
        return requestHash;
    }

    public int status() {
        return status;
    }

    public int newEpoch() {
        return newEpoch;
    }

    public int suite() {
        return suite;
    }

    /**
     * Sets the scalar fields (the signature is invalidated). With {@link #STATUS_ACCEPTED} the
     * ephemeral key must be filled through {@link #ephemeralKey()}; with another status it is
     * left out.
     */
    public RotateResponse set(int status, int newEpoch, int suite) {
        if (!inRange(status, 0, 255) || !inRange(newEpoch, 1, Limits.MAX_COUNTER) || !inRange(suite, 1, Limits.MAX_SUITE)) {
            throw new IllegalArgumentException("RotateResponse field out of range");
        }
        this.status = status;
        this.newEpoch = newEpoch;
        this.suite = suite;
        present = BODY | (status == STATUS_ACCEPTED ? 1L << KEY_EPHEMERAL_KEY : 0);
        return this;
    }

    /** True when the gateway accepted the rotation. */
    public boolean isAccepted() {
        return status == STATUS_ACCEPTED;
    }

    @Override
    int inconsistentField() {
        if (status == STATUS_ACCEPTED != has(KEY_EPHEMERAL_KEY)) {
            return KEY_EPHEMERAL_KEY;
        }
        if (has(KEY_EPHEMERAL_KEY) && (!ephemeralKey.isValid()
                || !fitsSuite(ephemeralKey.length(), CipherSuite.gatewayShareLength(suite)))) {
            return KEY_EPHEMERAL_KEY;
        }
        if (!requestId.isValid()) {
            return KEY_REQUEST_ID;
        }
        return requestHash.isValid() ? -1 : KEY_REQUEST_HASH;
    }

    @Override
    void writeBodyField(int key, CborWriter w) throws CborException {
        switch (key) {
            case KEY_STATUS:
                w.writeUnsigned(status);
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
            case KEY_REQUEST_ID:
                requestId.write(w);
                break;
            default:
                requestHash.write(w);
        }
    }

    @Override
    boolean readBodyField(int key, CborReader r) throws CborException {
        switch (key) {
            case KEY_STATUS:
                status = r.readInt(0, 255);
                return true;
            case KEY_NEW_EPOCH:
                newEpoch = r.readInt(1, Limits.MAX_COUNTER);
                return true;
            case KEY_SUITE:
                suite = r.readInt(1, Limits.MAX_SUITE);
                return true;
            case KEY_EPHEMERAL_KEY:
                return ephemeralKey.read(r);
            case KEY_REQUEST_ID:
                return requestId.read(r);
            default:
                return requestHash.read(r);
        }
    }

    @Override
    void clearBodyFields() {
        ephemeralKey.clear();
        requestId.clear();
        requestHash.clear();
        status = 0;
        newEpoch = 0;
        suite = 0;
    }

    @Override
    public String toString() {
        return "RotateResponse{status=" + status + ", newEpoch=" + newEpoch + ", suite=" + suite
                + ", signed=" + isSigned() + "}";
    }
}
