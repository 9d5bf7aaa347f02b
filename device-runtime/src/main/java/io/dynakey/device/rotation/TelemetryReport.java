package io.dynakey.device.rotation;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;

/**
 * A device's telemetry for one window, POSTed to {@code /telemetry}. CBOR map, integer keys:
 * <pre>
 * { 1: window sequence number (uint),
 *   2: risk the device's own model gave, permille (0..1000),
 *   3: version of that model (uint32, 0: none),
 *   4: [ feature values as integers, in the model's feature order ] (at most 32) }
 * </pre>
 * A mutable holder reused between windows: {@link #decode} and {@link #encode} allocate nothing.
 */
public final class TelemetryReport {

    /** Most feature values in one report. */
    public static final int MAX_FEATURES = 32;
    /** Upper bound of an encoded report, bytes. */
    public static final int MAX_ENCODED_LENGTH = 1 + 1 + 9 + 1 + 3 + 1 + 5 + 1 + 2 + MAX_FEATURES * 9;

    /** Window sequence number. */
    public long window;
    /** The device's own risk, permille. */
    public int riskPermille;
    /** The device's model version. */
    public long modelVersion;
    /** Feature values; the first {@link #featureCount} are meaningful. */
    public final long[] features = new long[MAX_FEATURES];
    /** Number of feature values. */
    public int featureCount;

    /** Encodes into {@code out[off .. limit)} and returns the length. */
    public int encode(CborWriter w, byte[] out, int off, int limit) throws CborException {
        w.reset(out, off, limit);
        w.writeMapHeader(4);
        w.writeUnsigned(1).writeUnsigned(window);
        w.writeUnsigned(2).writeUnsigned(riskPermille);
        w.writeUnsigned(3).writeUnsigned(modelVersion);
        w.writeUnsigned(4).writeArrayHeader(featureCount);
        for (int i = 0; i < featureCount; i++) {
            w.writeInt(features[i]);
        }
        return w.finish();
    }

    /** Decodes {@code in[off .. off+len)}; on failure this holder's content is unspecified. */
    public void decode(CborReader r, byte[] in, int off, int len) throws CborException {
        r.reset(in, off, len);
        Fields.expectMap(r, 4);
        Fields.key(r, 1);
        window = r.readLong(0, Long.MAX_VALUE);
        Fields.key(r, 2);
        riskPermille = r.readInt(0, 1000);
        Fields.key(r, 3);
        modelVersion = r.readLong(0, 0xFFFFFFFFL);
        Fields.key(r, 4);
        int n = r.readArrayHeader();
        if (n > MAX_FEATURES) {
            throw new CborException(CborException.REASON_LENGTH_EXCEEDED, r.position());
        }
        for (int i = 0; i < n; i++) {
            features[i] = r.readLong();
        }
        featureCount = n;
    }
}
