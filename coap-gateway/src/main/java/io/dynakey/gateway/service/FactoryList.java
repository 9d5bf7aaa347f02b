package io.dynakey.gateway.service;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.crypto.HkdfSha256;
import io.dynakey.gateway.store.DeviceIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A signed factory list: the devices a factory made, with their identity public keys and
 * groups, signed with the factory's Ed25519 key. It holds no secret: each device's epoch-0 PSK
 * is diversified from a factory master secret that the factory burnt into the device and the
 * gateway holds ({@link #factoryPsk}). CBOR:
 * <pre>
 * list    = { 1: [ entry, ... ], 2: signature (bstr 64) }     signature over the encoding of { 1: [...] }
 * entry   = [ device id (text), identity public key (bstr 32), group (uint) ]
 * psk(id) = HKDF-SHA256(ikm = master, salt = "dynakey-factory-v1", info = id, L = 16)
 * </pre>
 */
public final class FactoryList {

    /** One device of the list. */
    public record Entry(String deviceId, byte[] identityPublicKey, int group) {
    }

    private static final byte[] SALT = "dynakey-factory-v1".getBytes(StandardCharsets.US_ASCII);
    /** Most devices in one list. */
    public static final int MAX_DEVICES = 1_000_000;
    /** Longest encoding of a list of {@link #MAX_DEVICES} (an entry takes at most 74 bytes), bytes. */
    public static final int MAX_ENCODED_LENGTH = 80 * MAX_DEVICES;

    private FactoryList() {
    }

    /** Encodes and signs a list with the factory's private key. */
    public static byte[] sign(List<Entry> entries, byte[] factoryPrivate) throws CryptoException {
        byte[] body = encodeBody(entries);
        byte[] pub = new byte[32];
        Ed25519Signatures.publicKey(factoryPrivate, 0, pub, 0);
        byte[] sig = new byte[64];
        Ed25519Signatures.sign(factoryPrivate, 0, pub, 0, body, 0, body.length, sig, 0);
        // { 1: [...], 2: sig } = map header 2, then the body's key 1 and array, then key 2 and the signature
        byte[] out = new byte[body.length + 3 + 64];
        out[0] = (byte) 0xa2;
        System.arraycopy(body, 1, out, 1, body.length - 1);
        int n = body.length;
        out[n] = 0x02;
        out[n + 1] = 0x58;
        out[n + 2] = 64;
        System.arraycopy(sig, 0, out, n + 3, 64);
        return out;
    }

    /**
     * Verifies the list's signature with the factory public key and decodes it.
     *
     * @throws CborException when malformed, {@link CryptoException} {@code REASON_BAD_SIGNATURE} when not signed by that key
     */
    public static List<Entry> verify(byte[] list, byte[] factoryPublic) throws CborException, CryptoException {
        CborReader r = new CborReader(3, 64, MAX_DEVICES);
        r.reset(list, 0, list.length);
        DeviceRegistration.expect(r, r.readMapHeader() == 2);
        DeviceRegistration.expect(r, r.readLong() == 1);
        int arrayStart = r.position();
        List<Entry> entries = new ArrayList<>();
        int n = r.readArrayHeader();
        for (int i = 0; i < n; i++) {
            DeviceRegistration.expect(r, r.readArrayHeader() == 3);
            String id = DeviceRegistration.text(r);
            byte[] pub = new byte[32];
            DeviceRegistration.expect(r, r.readBytes(pub, 0, 32) == 32);
            int group = r.readInt(0, Integer.MAX_VALUE);
            DeviceRegistration.expect(r, DeviceIds.valid(id));
            entries.add(new Entry(id, pub, group));
        }
        int arrayEnd = r.position();
        DeviceRegistration.expect(r, r.readLong() == 2);
        byte[] sig = new byte[64];
        DeviceRegistration.expect(r, r.readBytes(sig, 0, 64) == 64);
        byte[] body = new byte[2 + arrayEnd - arrayStart];
        body[0] = (byte) 0xa1;
        body[1] = 0x01;
        System.arraycopy(list, arrayStart, body, 2, arrayEnd - arrayStart);
        Ed25519Signatures.checkSignature(factoryPublic, 0, body, 0, body.length, sig, 0);
        return entries;
    }

    /** The epoch-0 PSK of {@code deviceId} diversified from the factory master secret. */
    public static byte[] factoryPsk(byte[] master, String deviceId) throws CryptoException {
        byte[] info = deviceId.getBytes(StandardCharsets.US_ASCII);
        byte[] psk = new byte[16];
        new HkdfSha256().derive(master, 0, master.length, SALT, 0, SALT.length, info, 0, info.length, psk, 0, 16);
        return psk;
    }

    private static byte[] encodeBody(List<Entry> entries) {
        byte[] out = new byte[16 + entries.size() * 80];
        try {
            CborWriter w = new CborWriter(3).reset(out, 0, out.length);
            w.writeMapHeader(1);
            w.writeUnsigned(1).writeArrayHeader(entries.size());
            for (Entry e : entries) {
                byte[] id = DeviceIds.require(e.deviceId()).getBytes(StandardCharsets.US_ASCII);
                w.writeArrayHeader(3);
                w.writeText(id, 0, id.length);
                w.writeBytes(e.identityPublicKey(), 0, 32);
                w.writeUnsigned(e.group());
            }
            return Arrays.copyOf(out, w.finish());
        } catch (CborException e) {
            throw new IllegalArgumentException("factory list does not encode", e);
        }
    }
}
