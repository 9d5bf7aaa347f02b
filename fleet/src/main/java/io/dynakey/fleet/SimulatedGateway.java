package io.dynakey.fleet;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * An in-process stand-in for the gateway: a table of current epochs, no network, no crypto.
 * It exists for unit tests of the simulator and for runs where the real gateway is not built;
 * {@link #describe()} and {@link #realNetwork()} say so, and its byte counts are payload-size
 * estimates (the sizes of the rotation messages of docs/protocol.md), not measurements.
 */
public final class SimulatedGateway implements FleetGateway {

    /** Estimated bytes of one rotation: two PSK handshakes (~2 x 420 B) and the signed request/response (~2 x 200 B). */
    public static final int ROTATION_BYTES_ESTIMATE = 2 * 420 + 2 * 200;
    /** Estimated bytes of one telemetry batch header plus per-row counters. */
    public static final int TELEMETRY_BYTES_BASE = 420 + 60;

    private final AtomicLongArray epochs;
    private final AtomicLong keyBytes = new AtomicLong();
    private final AtomicLong telemetryBytes = new AtomicLong();
    private final AtomicLong cpu = new AtomicLong();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    public SimulatedGateway(int devices) {
        this.epochs = new AtomicLongArray(devices);
    }

    private record Dev(int index, AtomicLongArray epochs) implements Device {
        @Override
        public long epoch() {
            return epochs.get(index);
        }
    }

    private record Stolen(int device, long epoch) implements StolenKey {
    }

    @Override
    public String describe() {
        return "in-process simulated gateway (no DTLS, no ledger; byte counts are estimates)";
    }

    @Override
    public boolean realNetwork() {
        return false;
    }

    @Override
    public Device enroll(int index, int group) {
        epochs.set(index, 1);
        return new Dev(index, epochs);
    }

    @Override
    public void rotate(Device device, int reason, int riskPermille, long virtualMillis) {
        long t0 = threads.getCurrentThreadCpuTime();
        epochs.incrementAndGet(device.index());
        keyBytes.addAndGet(ROTATION_BYTES_ESTIMATE);
        cpu.addAndGet(threads.getCurrentThreadCpuTime() - t0);
    }

    @Override
    public StolenKey steal(Device device) {
        return new Stolen(device.index(), device.epoch());
    }

    @Override
    public boolean accepts(StolenKey key) {
        return epochs.get(key.device()) == key.epoch();
    }

    @Override
    public void telemetry(Device device, int rows, int maxRiskPermille, long virtualMillis) {
        telemetryBytes.addAndGet(TELEMETRY_BYTES_BASE + 8L * rows);
    }

    @Override
    public GatewayCounters counters() {
        return new GatewayCounters(cpu.get(), keyBytes.get(), telemetryBytes.get(), false);
    }

    @Override
    public void close() {
    }
}
