package io.dynakey.device.wire;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;

/**
 * Device to gateway: the raw feature values of one telemetry window, keyed by the feature ids
 * of {@code io.dynakey.models.FeatureIds} (1..255, strictly ascending), optionally with the
 * device's own risk score and the model version that produced it.
 */
public final class TelemetryReport extends WireMessage {

    public static final int KEY_DEVICE_ID = 1;
    public static final int KEY_WINDOW_INDEX = 2;
    public static final int KEY_FEATURE_IDS = 3;
    public static final int KEY_VALUES = 4;
    public static final int KEY_RISK_PERMILLE = 5;
    public static final int KEY_MODEL_VERSION = 6;

    private static final long REQUIRED = (1L << KEY_DEVICE_ID) | (1L << KEY_WINDOW_INDEX) | (1L << KEY_FEATURE_IDS)
            | (1L << KEY_VALUES);

    private final BytesField deviceId = new BytesField(Limits.MIN_DEVICE_ID, Limits.MAX_DEVICE_ID);
    private final int[] featureIds = new int[Limits.MAX_FEATURES];
    private final long[] values = new long[Limits.MAX_FEATURES];
    private int featureCount;
    private int valueCount;
    private long windowIndex;
    private int riskPermille;
    private int modelVersion;

    @Override
    public int type() {
        return MessageType.TELEMETRY_REPORT;
    }

    @Override
    String name() {
        return "TelemetryReport";
    }

    @Override
    long definedKeys() {
        return REQUIRED | (1L << KEY_RISK_PERMILLE) | (1L << KEY_MODEL_VERSION);
    }

    @Override
    long requiredKeys() {
        return REQUIRED;
    }

    public BytesField deviceId() {
        return deviceId;
    }

    /** Index of the window since the device booted its feature windows. */
    public long windowIndex() {
        return windowIndex;
    }

    /** Number of features. */
    public int featureCount() {
        return featureCount;
    }

    /** Feature id at position {@code i}. */
    public int featureId(int i) {
        if (i < 0 || i >= featureCount) {
            throw new IndexOutOfBoundsException("feature " + i);
        }
        return featureIds[i];
    }

    /** Raw value at position {@code i}, in the feature's declared unit. */
    public long value(int i) {
        if (i < 0 || i >= featureCount) {
            throw new IndexOutOfBoundsException("feature " + i);
        }
        return values[i];
    }

    /** The device's risk, permille; valid when {@code has(KEY_RISK_PERMILLE)}. */
    public int riskPermille() {
        return riskPermille;
    }

    /** The model version behind {@link #riskPermille()}; valid when {@code has(KEY_MODEL_VERSION)}. */
    public int modelVersion() {
        return modelVersion;
    }

    /** Starts a report for a window; features are added with {@link #addFeature}. */
    public TelemetryReport start(long windowIndex) {
        if (windowIndex < 0) {
            throw new IllegalArgumentException("negative window index");
        }
        this.windowIndex = windowIndex;
        featureCount = 0;
        valueCount = 0;
        present = REQUIRED;
        return this;
    }

    /** Appends a feature; ids must be strictly ascending, 1..255, at most 32 of them. */
    public TelemetryReport addFeature(int featureId, long value) {
        if (featureCount == Limits.MAX_FEATURES || !inRange(featureId, 1, 255)
                || (featureCount > 0 && featureId <= featureIds[featureCount - 1])) {
            throw new IllegalArgumentException("feature ids must ascend within 1..255, at most 32");
        }
        featureIds[featureCount] = featureId;
        values[featureCount] = value;
        featureCount++;
        valueCount = featureCount;
        return this;
    }

    /** Adds the device's own score (optional). */
    public TelemetryReport setRisk(int riskPermille, int modelVersion) {
        if (!inRange(riskPermille, 0, Limits.MAX_RISK_PERMILLE) || modelVersion < 0) {
            throw new IllegalArgumentException("risk or model version out of range");
        }
        this.riskPermille = riskPermille;
        this.modelVersion = modelVersion;
        mark(KEY_RISK_PERMILLE);
        mark(KEY_MODEL_VERSION);
        return this;
    }

    @Override
    int inconsistentField() {
        if (!deviceId.isValid()) {
            return KEY_DEVICE_ID;
        }
        for (int i = 1; i < featureCount; i++) {
            if (featureIds[i] <= featureIds[i - 1]) {
                return KEY_FEATURE_IDS;
            }
        }
        return valueCount == featureCount ? -1 : KEY_VALUES;
    }

    @Override
    void writeField(int key, CborWriter w) throws CborException {
        switch (key) {
            case KEY_DEVICE_ID:
                deviceId.write(w);
                break;
            case KEY_WINDOW_INDEX:
                w.writeUnsigned(windowIndex);
                break;
            case KEY_FEATURE_IDS:
                w.writeArrayHeader(featureCount);
                for (int i = 0; i < featureCount; i++) {
                    w.writeUnsigned(featureIds[i]);
                }
                break;
            case KEY_VALUES:
                w.writeArrayHeader(featureCount);
                for (int i = 0; i < featureCount; i++) {
                    w.writeInt(values[i]);
                }
                break;
            case KEY_RISK_PERMILLE:
                w.writeUnsigned(riskPermille);
                break;
            default:
                w.writeUnsigned(modelVersion);
        }
    }

    @Override
    boolean readField(int key, CborReader r) throws CborException {
        switch (key) {
            case KEY_DEVICE_ID:
                return deviceId.read(r);
            case KEY_WINDOW_INDEX:
                windowIndex = r.readLong(0, Long.MAX_VALUE);
                return true;
            case KEY_FEATURE_IDS: {
                int n = r.readArrayHeader();
                if (n > Limits.MAX_FEATURES) {
                    return false;
                }
                for (int i = 0; i < n; i++) {
                    featureIds[i] = r.readInt(1, 255);
                }
                featureCount = n;
                return true;
            }
            case KEY_VALUES: {
                int n = r.readArrayHeader();
                if (n > Limits.MAX_FEATURES) {
                    return false;
                }
                for (int i = 0; i < n; i++) {
                    values[i] = r.readLong();
                }
                valueCount = n;
                return true;
            }
            case KEY_RISK_PERMILLE:
                riskPermille = r.readInt(0, Limits.MAX_RISK_PERMILLE);
                return true;
            default:
                modelVersion = r.readInt(0, Limits.MAX_COUNTER);
                return true;
        }
    }

    @Override
    void clearFields() {
        deviceId.clear();
        featureCount = 0;
        valueCount = 0;
        windowIndex = 0;
        riskPermille = 0;
        modelVersion = 0;
    }

    @Override
    public String toString() {
        return "TelemetryReport{window=" + windowIndex + ", features=" + featureCount + "}";
    }
}
