package io.dynakey.device.keys;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.crypto.Secrets;
import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.hal.StorageException;
import io.dynakey.models.Crc32;
import org.bouncycastle.util.Pack;

/**
 * The factory-provisioned identity in {@link SecureStorage#SLOT_IDENTITY}: device id, the
 * device's Ed25519 identity key, the gateway's public key and the model publisher's public key.
 *
 * <pre>
 * offset size  field
 *   0     2    magic "DI" (0x44 0x49)
 *   2     1    record version (1)
 *   3     1    device id length (1..32)
 *   4    32    device id, zero-padded
 *  36    32    Ed25519 identity private key (seed)
 *  68    32    gateway Ed25519 public key
 * 100    32    model publisher Ed25519 public key
 * 132     4    CRC-32 (zlib) of bytes 0..131, big-endian
 * </pre>
 *
 * The private key stays inside this object: {@link #sign} uses it, {@link #destroy()} wipes it,
 * and {@code toString()} never shows it. Not thread-safe.
 */
public final class DeviceIdentity {

    /** Record length, bytes. */
    public static final int RECORD_LENGTH = 136;
    /** Longest device id, bytes. */
    public static final int MAX_DEVICE_ID = 32;

    private static final int ID_OFF = 4;
    private static final int SEED_OFF = 36;
    private static final int GATEWAY_OFF = 68;
    private static final int MODEL_OFF = 100;
    private static final int CRC_OFF = 132;

    private final byte[] record = new byte[RECORD_LENGTH];
    private final byte[] identityPublic = new byte[Ed25519Signatures.PUBLIC_KEY_LENGTH];
    private boolean loaded;

    /**
     * Writes the identity record (factory step). The scratch copy of the private key is wiped.
     */
    public static void provision(SecureStorage storage, byte[] deviceId, int idOff, int idLen,
                                 byte[] identitySeed, int seedOff, byte[] gatewayPublic, int gatewayOff,
                                 byte[] modelPublisherPublic, int modelOff) throws StorageException {
        if (idLen < 1 || idLen > MAX_DEVICE_ID) {
            throw new IllegalArgumentException("device id must be 1..32 bytes");
        }
        byte[] rec = new byte[RECORD_LENGTH];
        try {
            rec[0] = 0x44;
            rec[1] = 0x49;
            rec[2] = 1;
            rec[3] = (byte) idLen;
            System.arraycopy(deviceId, idOff, rec, ID_OFF, idLen);
            System.arraycopy(identitySeed, seedOff, rec, SEED_OFF, 32);
            System.arraycopy(gatewayPublic, gatewayOff, rec, GATEWAY_OFF, 32);
            System.arraycopy(modelPublisherPublic, modelOff, rec, MODEL_OFF, 32);
            Pack.intToBigEndian(Crc32.compute(rec, 0, CRC_OFF), rec, CRC_OFF);
            storage.write(SecureStorage.SLOT_IDENTITY, rec, 0, RECORD_LENGTH);
        } finally {
            Secrets.wipe(rec);
        }
    }

    /**
     * Reads and checks the identity record.
     *
     * @throws KeyStoreException {@code REASON_NO_IDENTITY} when the slot is empty,
     *     {@code REASON_CORRUPT} when the record does not check out
     */
    public void load(SecureStorage storage) throws StorageException, KeyStoreException {
        destroy();
        int len;
        try {
            len = storage.read(SecureStorage.SLOT_IDENTITY, record, 0, RECORD_LENGTH);
        } catch (StorageException e) {
            if (e.reason() != StorageException.REASON_TOO_LARGE) {
                throw e;
            }
            throw new KeyStoreException(KeyStoreException.REASON_CORRUPT, "identity record too large");
        }
        if (len < 0) {
            throw new KeyStoreException(KeyStoreException.REASON_NO_IDENTITY, "no identity provisioned");
        }
        int idLen = record[3];
        if (len != RECORD_LENGTH || record[0] != 0x44 || record[1] != 0x49 || record[2] != 1 || idLen < 1
                || idLen > MAX_DEVICE_ID || Pack.bigEndianToInt(record, CRC_OFF) != Crc32.compute(record, 0, CRC_OFF)) {
            destroy();
            throw new KeyStoreException(KeyStoreException.REASON_CORRUPT, "identity record does not check out");
        }
        try {
            Ed25519Signatures.publicKey(record, SEED_OFF, identityPublic, 0);
        } catch (CryptoException e) {
            destroy();
            throw new IllegalStateException("record buffer too short");
        }
        loaded = true;
    }

    /** Length of the device id, bytes. */
    public int deviceIdLength() {
        checkLoaded();
        return record[3];
    }

    /** Copies the device id to {@code out[off ..]}; returns its length. */
    public int copyDeviceId(byte[] out, int off) {
        int n = deviceIdLength();
        System.arraycopy(record, ID_OFF, out, off, n);
        return n;
    }

    /** Copies the device's identity public key (32 bytes). */
    public void copyIdentityPublicKey(byte[] out, int off) {
        checkLoaded();
        System.arraycopy(identityPublic, 0, out, off, 32);
    }

    /** Copies the gateway's public key (32 bytes). */
    public void copyGatewayPublicKey(byte[] out, int off) {
        checkLoaded();
        System.arraycopy(record, GATEWAY_OFF, out, off, 32);
    }

    /** Copies the model publisher's public key (32 bytes). */
    public void copyModelPublisherKey(byte[] out, int off) {
        checkLoaded();
        System.arraycopy(record, MODEL_OFF, out, off, 32);
    }

    /**
     * Copies the identity private key (32-byte seed). Secret: only for a component that must
     * hold it (e.g. a rotation client that signs); the caller wipes its copy.
     */
    public void copyIdentityPrivateKey(byte[] out, int off) {
        checkLoaded();
        System.arraycopy(record, SEED_OFF, out, off, 32);
    }

    /** Signs {@code msg[msgOff .. msgOff+msgLen)} with the identity key into {@code sig[sigOff .. +64)}. */
    public void sign(byte[] msg, int msgOff, int msgLen, byte[] sig, int sigOff) throws CryptoException {
        checkLoaded();
        Ed25519Signatures.sign(record, SEED_OFF, identityPublic, 0, msg, msgOff, msgLen, sig, sigOff);
    }

    /** Wipes the private key and everything else held; {@link #load} again before use. */
    public void destroy() {
        Secrets.wipe(record);
        Secrets.wipe(identityPublic);
        loaded = false;
    }

    private void checkLoaded() {
        if (!loaded) {
            throw new IllegalStateException("identity not loaded");
        }
    }

    @Override
    public String toString() {
        return loaded ? "DeviceIdentity{idLength=" + record[3] + "}" : "DeviceIdentity{not loaded}";
    }
}
