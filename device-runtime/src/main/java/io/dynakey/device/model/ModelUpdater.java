package io.dynakey.device.model;

import io.dynakey.device.hal.StorageException;
import io.dynakey.device.hal.Transport;
import io.dynakey.device.hal.TransportException;
import io.dynakey.device.rotation.TelemetryAck;

/**
 * Over-the-air model updates: every {@link TelemetryAck} names the model version the gateway
 * serves; when it is newer than the active one, {@link #onAck} downloads {@code GET /model}
 * (block-wise by the transport) into the staging buffer of {@link ModelSlots}, which checks it and
 * switches atomically. A download that fails or a file that fails a check changes nothing; the
 * next acknowledgement tries again. Not thread-safe; allocates nothing itself.
 */
public final class ModelUpdater {

    /** Nothing newer announced. */
    public static final int RESULT_UNCHANGED = -1;
    /** No answer, or not 2.05 (see {@link #lastResponseCode()}); nothing changed. */
    public static final int RESULT_NO_DOWNLOAD = -2;

    private static final byte[] PATH = {'m', 'o', 'd', 'e', 'l'};
    private static final int CODE_CONTENT = 69;

    private final Transport transport;
    private final ModelSlots slots;
    private int lastResponseCode;

    public ModelUpdater(Transport transport, ModelSlots slots) {
        this.transport = transport;
        this.slots = slots;
    }

    /**
     * Downloads and offers the gateway's model when {@code ack} announces a newer version.
     *
     * @return {@link #RESULT_UNCHANGED}, {@link #RESULT_NO_DOWNLOAD}, or a {@code ModelSlots.RESULT_*} code
     */
    public int onAck(TelemetryAck ack) throws StorageException {
        if (ack.modelVersion <= slots.activeVersion()) {
            return RESULT_UNCHANGED;
        }
        byte[] staging = slots.stagingBuffer();
        int n;
        try {
            n = transport.request(Transport.METHOD_GET, PATH, PATH.length, staging, 0, 0, staging, 0, staging.length);
        } catch (TransportException e) {
            lastResponseCode = 0;
            return RESULT_NO_DOWNLOAD;
        }
        lastResponseCode = transport.lastResponseCode();
        if (lastResponseCode != CODE_CONTENT) {
            return RESULT_NO_DOWNLOAD;
        }
        return slots.offerStaged(n);
    }

    /**
     * The active model's version as a device reports it in key 6 of each {@code TelemetryReport}
     * ({@code report.setRisk(risk, updater.reportedVersion())}), so the gateway tracks which model
     * every device runs (a canary's promotion waits for it); 0 when no model is active.
     */
    public int reportedVersion() {
        long v = slots.activeVersion();
        return v < 0 ? 0 : v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    /** CoAP code of the last download's answer, 0 when there was none. */
    public int lastResponseCode() {
        return lastResponseCode;
    }
}
