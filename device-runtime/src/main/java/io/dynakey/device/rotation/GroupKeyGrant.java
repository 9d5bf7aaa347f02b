package io.dynakey.device.rotation;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;

/**
 * The answer to {@code GET /group-key}: the device group's current key, sent only inside the
 * device's DTLS session. CBOR map, integer keys:
 * <pre>
 * { 1: group id (text, 1..32 bytes), 2: key version (uint), 3: key (bytes, 16) }
 * </pre>
 * A mutable holder with caller-visible buffers; wipe {@link #key} after use.
 */
public final class GroupKeyGrant {

    /** Group key length, bytes. */
    public static final int KEY_LENGTH = 16;
    /** Upper bound of an encoded grant, bytes. */
    public static final int MAX_ENCODED_LENGTH = 1 + 1 + 1 + 32 + 1 + 9 + 1 + 1 + KEY_LENGTH;

    /** Group id bytes (ASCII); the first {@link #groupIdLength} are meaningful. */
    public final byte[] groupId = new byte[32];
    /** Group id length. */
    public int groupIdLength;
    /** Key version. */
    public long version;
    /** The group key. */
    public final byte[] key = new byte[KEY_LENGTH];

    /** Encodes into {@code out[off .. limit)} and returns the length. */
    public int encode(CborWriter w, byte[] out, int off, int limit) throws CborException {
        w.reset(out, off, limit);
        w.writeMapHeader(3);
        w.writeUnsigned(1).writeText(groupId, 0, groupIdLength);
        w.writeUnsigned(2).writeUnsigned(version);
        w.writeUnsigned(3).writeBytes(key, 0, KEY_LENGTH);
        return w.finish();
    }

    /** Decodes {@code in[off .. off+len)}. */
    public void decode(CborReader r, byte[] in, int off, int len) throws CborException {
        r.reset(in, off, len);
        Fields.expectMap(r, 3);
        Fields.key(r, 1);
        groupIdLength = r.readText(groupId, 0, groupId.length);
        Fields.key(r, 2);
        version = r.readLong(0, Long.MAX_VALUE);
        Fields.key(r, 3);
        int at = r.position();
        if (r.readBytes(key, 0, KEY_LENGTH) != KEY_LENGTH) {
            throw new CborException(CborException.REASON_MALFORMED, at);
        }
    }
}
