package io.dynakey.gateway.service;

import io.dynakey.device.cbor.CborException;
import io.dynakey.device.cbor.CborReader;
import io.dynakey.device.cbor.CborWriter;
import io.dynakey.device.rotation.TelemetryAck;
import io.dynakey.device.wire.ErrorResponse;
import io.dynakey.device.wire.TelemetryReport;
import io.dynakey.device.wire.WireException;
import io.dynakey.device.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.ledger.event.AnomalyFlagged;
import io.dynakey.ledger.event.EventCodec;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code POST /telemetry}: takes a {@link TelemetryReport}, scores it, and answers with a
 * {@link TelemetryAck} whose action tells a risky device to rotate now. The risk is the larger of
 * the device's own score and the gateway's {@link RiskScorer}; a risky device is also flagged on
 * the ledger ({@code AnomalyFlagged}, at most once per device per {@value #FLAG_INTERVAL_MS} ms).
 * Thread-safe.
 */
public final class TelemetryService implements Handler {

    /** Least time between two anomaly events of one device, ms. */
    public static final long FLAG_INTERVAL_MS = 60_000;

    /** The gateway's own risk estimate for a report; {@link #NONE} when it has no model. */
    public interface RiskScorer {
        /** Scores nothing (no model): the device's own risk stands. */
        RiskScorer NONE = new RiskScorer() {
            @Override
            public int riskPermille(TelemetryReport report) {
                return 0;
            }

            @Override
            public long modelVersion() {
                return 0;
            }
        };

        /** Risk in permille, 0..1000. */
        int riskPermille(TelemetryReport report);

        /** Version of the scoring model, 0 if none. */
        long modelVersion();
    }

    private final DeviceKeyStore store;
    private volatile RiskScorer scorer;
    private final LongSupplier clock;
    private final int rotateRisk;
    private final GroupDirectory groups;
    private final ConcurrentHashMap<String, Long> lastFlagged = new ConcurrentHashMap<>();
    private volatile GatewayObserver observer = GatewayObserver.NONE;
    private volatile ModelRollouts rollouts;
    private final ThreadLocal<Codec> codecs = ThreadLocal.withInitial(Codec::new);

    /**
     * @param rotateRisk risk (permille) from which the device is told to rotate now
     * @param groups     the group key version each ack announces
     */
    public TelemetryService(DeviceKeyStore store, RiskScorer scorer, LongSupplier clock, int rotateRisk, GroupDirectory groups) {
        this.store = store;
        this.groups = groups;
        this.scorer = scorer;
        this.clock = clock;
        this.rotateRisk = rotateRisk;
    }

    /** Scores with {@code scorer} from the next report on (a newly published model). */
    public void scoreWith(RiskScorer scorer) {
        this.scorer = java.util.Objects.requireNonNull(scorer);
    }

    /**
     * From now on each acknowledgement announces the model version {@code rollouts} assigns the
     * device (when it assigns one), and the version each report carries is tracked there.
     */
    public void assignModelsWith(ModelRollouts rollouts) {
        this.rollouts = rollouts;
    }

    /** Reports every scored report to {@code observer} from now on. */
    public void observeWith(GatewayObserver observer) {
        this.observer = observer;
    }

    @Override
    public Reply handle(Caller caller, byte[] payload) {
        if (!caller.isDevice()) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, -1, "devices only");
        }
        Codec c = codecs.get();
        try {
            c.report.decode(c.reader, payload, 0, payload.length);
        } catch (WireException e) {
            return Reply.wireError(Reply.Code.BAD_REQUEST, ErrorResponse.CODE_BAD_REQUEST, e.field() >= 0 && e.field() < 64 ? e.field() : -1,
                    "malformed TelemetryReport: " + WireException.reasonName(e.reason()));
        }
        if (!c.report.deviceId().contentEquals(caller.deviceId().getBytes(StandardCharsets.US_ASCII), 0, caller.deviceId().length())) {
            return Reply.wireError(Reply.Code.FORBIDDEN, ErrorResponse.CODE_BAD_REQUEST, TelemetryReport.KEY_DEVICE_ID,
                    "device id differs from the DTLS identity");
        }
        int own = c.report.has(TelemetryReport.KEY_RISK_PERMILLE) ? c.report.riskPermille() : 0;
        RiskScorer sc = scorer;
        int risk = Math.max(own, sc.riskPermille(c.report));
        c.ack.riskPermille = risk;
        c.ack.modelVersion = sc.modelVersion() != 0 ? sc.modelVersion() : c.report.modelVersion();
        ModelRollouts r = rollouts;
        if (r != null) {
            long assigned = r.versionFor(caller.deviceId());
            if (assigned != 0) {
                c.ack.modelVersion = assigned;
            }
            if (c.report.has(TelemetryReport.KEY_MODEL_VERSION)) {
                r.reported(caller.deviceId(), c.report.modelVersion());
            }
        }
        c.ack.action = risk >= rotateRisk ? TelemetryAck.ACTION_ROTATE_NOW
                : risk >= rotateRisk / 2 ? TelemetryAck.ACTION_ROTATE_SOON : TelemetryAck.ACTION_NONE;
        c.ack.groupKeyVersion = groups.versionFor(caller.deviceId());
        observer.telemetryScored(groups.groupOf(caller.deviceId()), risk);
        if (c.ack.action == TelemetryAck.ACTION_ROTATE_NOW) {
            flag(caller.deviceId(), risk, c.ack.modelVersion);
        }
        try {
            int n = c.ack.encode(c.writer, c.out, 0, c.out.length);
            return Reply.ok(Reply.Code.CHANGED, Arrays.copyOf(c.out, n));
        } catch (CborException e) {
            return Reply.error(Reply.Code.INTERNAL_SERVER_ERROR, "encoding failed");
        }
    }

    private void flag(String deviceId, int risk, long modelVersion) {
        long now = clock.getAsLong();
        Long last = lastFlagged.get(deviceId);
        if (last != null && now - last < FLAG_INTERVAL_MS) {
            return;
        }
        lastFlagged.put(deviceId, now);
        try {
            store.appendEvent(EventCodec.encodeBody(new AnomalyFlagged(deviceId, AnomalyFlagged.KIND_HIGH_RISK, risk,
                    modelVersion)), now);
        } catch (StoreException e) {
            lastFlagged.remove(deviceId);
        }
    }

    private static final class Codec {
        final CborReader reader = WireMessage.newReader();
        final CborWriter writer = new CborWriter();
        final TelemetryReport report = new TelemetryReport();
        final TelemetryAck ack = new TelemetryAck();
        final byte[] out = new byte[TelemetryAck.MAX_ENCODED_LENGTH];
    }
}
