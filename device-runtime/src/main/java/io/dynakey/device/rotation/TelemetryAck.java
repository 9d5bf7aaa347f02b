package io.dynakey.device.rotation;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;

/**
 * The gateway's answer to a telemetry report. CBOR map, integer keys:
 * <pre>
 * { 1: action (0 none, 1 rotate soon, 2 rotate now, 3 quarantine),
 *   2: risk the gateway's model gave, permille (0..1000),
 *   3: version of the gateway's model (uint32, 0: none),
 *   4: current key version of the device's group (uint32), absent when the group has no key yet }
 * </pre>
 * A device whose group key is older than key 4 fetches {@code /group-key}: how a rekey reaches the
 * members at their next contact.
 * A mutable holder; encode and decode allocate nothing.
 */
public final class TelemetryAck {

    /** Nothing to do. */
    public static final int ACTION_NONE = 0;
    /** Rotate at the next convenient moment. */
    public static final int ACTION_ROTATE_SOON = 1;
    /** Rotate now. */
    public static final int ACTION_ROTATE_NOW = 2;
    /** Stop normal traffic; the operator will look. */
    public static final int ACTION_QUARANTINE = 3;
    /** Upper bound of an encoded ack, bytes. */
    public static final int MAX_ENCODED_LENGTH = 24;

    /** The action ({@code ACTION_*}). */
    public int action;
    /** The gateway's risk, permille. */
    public int riskPermille;
    /** The gateway's model version. */
    public long modelVersion;
    /** The current key version of the device's group, -1 when it has none. */
    public long groupKeyVersion = -1;

    /** Encodes into {@code out[off .. limit)} and returns the length. */
    public int encode(CborWriter w, byte[] out, int off, int limit) throws CborException {
        w.reset(out, off, limit);
        boolean group = groupKeyVersion >= 0;
        w.writeMapHeader(group ? 4 : 3);
        w.writeUnsigned(1).writeUnsigned(action);
        w.writeUnsigned(2).writeUnsigned(riskPermille);
        w.writeUnsigned(3).writeUnsigned(modelVersion);
        if (group) {
            w.writeUnsigned(4).writeUnsigned(groupKeyVersion);
        }
        return w.finish();
    }

    /** Decodes {@code in[off .. off+len)}. */
    public void decode(CborReader r, byte[] in, int off, int len) throws CborException {
        r.reset(in, off, len);
        int entries = Fields.expectMap(r, 3, 4);
        Fields.key(r, 1);
        action = r.readInt(0, 3);
        Fields.key(r, 2);
        riskPermille = r.readInt(0, 1000);
        Fields.key(r, 3);
        modelVersion = r.readLong(0, 0xFFFFFFFFL);
        groupKeyVersion = -1;
        if (entries == 4) {
            Fields.key(r, 4);
            groupKeyVersion = r.readLong(0, 0xFFFFFFFFL);
        }
    }
}
