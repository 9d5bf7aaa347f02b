package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.RotationKeyDerivation;

/**
 * Device to gateway, optional: proves possession of the new PSK with a key confirmation tag
 * ({@link RotationKeyDerivation#confirmTag}), so the gateway can commit without waiting for a
 * DTLS handshake under the new key.
 */
public final class RotateConfirm extends WireMessage {

    public static final int KEY_DEVICE_ID = 1;
    public static final int KEY_NEW_EPOCH = 2;
    public static final int KEY_REQUEST_ID = 3;
    public static final int KEY_CONFIRM_TAG = 4;

    private static final long ALL = (1L << KEY_DEVICE_ID) | (1L << KEY_NEW_EPOCH) | (1L << KEY_REQUEST_ID)
            | (1L << KEY_CONFIRM_TAG);

    private final BytesField deviceId = new BytesField(Limits.MIN_DEVICE_ID, Limits.MAX_DEVICE_ID);
    private final BytesField requestId = new BytesField(Limits.REQUEST_ID_LENGTH, Limits.REQUEST_ID_LENGTH);
    private final BytesField confirmTag = new BytesField(RotationKeyDerivation.CONFIRM_TAG_LENGTH,
            RotationKeyDerivation.CONFIRM_TAG_LENGTH);
    private int newEpoch;

    @Override
    public int type() {
        return MessageType.ROTATE_CONFIRM;
    }

    @Override
    String name() {
        return "RotateConfirm";
    }

    @Override
    long definedKeys() {
        return ALL;
    }

    @Override
    long requiredKeys() {
        return ALL;
    }

    public BytesField deviceId() {
        return deviceId;
    }

    /** Echo of the request id (16 bytes). */
    public BytesField requestId() {
        return requestId;
    }

    /** The key confirmation tag (16 bytes). */
    public BytesField confirmTag() {
        return confirmTag;
    }

    public int newEpoch() {
        return newEpoch;
    }

    /** Sets the epoch being confirmed; byte fields are filled through their accessors. */
    public RotateConfirm set(int newEpoch) {
        if (!inRange(newEpoch, 1, Limits.MAX_COUNTER)) {
            throw new IllegalArgumentException("epoch out of range");
        }
        this.newEpoch = newEpoch;
        present = ALL;
        return this;
    }

    @Override
    int inconsistentField() {
        if (!deviceId.isValid()) {
            return KEY_DEVICE_ID;
        }
        if (!requestId.isValid()) {
            return KEY_REQUEST_ID;
        }
        return confirmTag.isValid() ? -1 : KEY_CONFIRM_TAG;
    }

    @Override
    void writeField(int key, CborWriter w) throws CborException {
        switch (key) {
            case KEY_DEVICE_ID:
                deviceId.write(w);
                break;
            case KEY_NEW_EPOCH:
                w.writeUnsigned(newEpoch);
                break;
            case KEY_REQUEST_ID:
                requestId.write(w);
                break;
            default:
                confirmTag.write(w);
        }
    }

    @Override
    boolean readField(int key, CborReader r) throws CborException {
        switch (key) {
            case KEY_DEVICE_ID:
                return deviceId.read(r);
            case KEY_NEW_EPOCH:
                newEpoch = r.readInt(1, Limits.MAX_COUNTER);
                return true;
            case KEY_REQUEST_ID:
                return requestId.read(r);
            default:
                return confirmTag.read(r);
        }
    }

    @Override
    void clearFields() {
        deviceId.clear();
        requestId.clear();
        confirmTag.clear();
        newEpoch = 0;
    }

    @Override
    public String toString() {
        return "RotateConfirm{newEpoch=" + newEpoch + "}";
    }
}
