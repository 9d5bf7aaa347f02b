package io.dynakey.device.features;

import io.dynakey.device.hal.Telemetry;
import io.dynakey.models.FeatureIds;

/**
 * The device's traffic features over a sliding window, computed from the board's
 * {@link Telemetry} counters.
 *
 * <p>The window is a ring of {@code depth} buckets. Each {@link #sample} closes one bucket: it
 * reads every counter once and stores the difference from the previous reading (gauges, i.e.
 * {@link Telemetry#DISTINCT_PEERS} and {@link Telemetry#OPEN_PORTS}, store the reading itself).
 * The window's features are then:
 * <ul>
 *   <li>bytes and packets in/out, handshake and authentication failures, CoAP 4.xx and 5.xx:
 *       sums over the buckets;</li>
 *   <li>distinct peers and open ports: the largest reading in the window;</li>
 *   <li>message rate: messages per minute over the window's measured span;</li>
 *   <li>message rate change: the rate now minus the rate of the previous, non-overlapping window
 *       ({@code depth} samples ago); 0 until that window exists.</li>
 * </ul>
 * Key age, messages under the current key and seconds since the last rotation come from the key
 * store and are passed to {@link #fill}.
 *
 * <p>Counters may be narrower than 64 bits: a reading below the previous one is a wrap when the
 * wrapped difference is less than half the counter's range, otherwise a reset (the board's stack
 * restarted), which counts the new reading as the difference and is counted in {@link #resets()}.
 * Sums saturate at {@code Long.MAX_VALUE}.
 *
 * <p>Memory is fixed at construction whatever the traffic. {@link #sample} and {@link #fill}
 * allocate nothing. Not thread-safe.
 */
public final class FeatureWindows {

    private static final int COUNTERS = Telemetry.COUNTER_COUNT;
    private static final long MILLIS_PER_MINUTE = 60000L;

    private final int depth;
    private final int counterBits;
    /** Per bucket, per counter: the difference (or gauge reading) of that bucket. */
    private final long[] buckets;
    /** Per bucket: its length in milliseconds. */
    private final long[] spans;
    /** Per sample: the window's message rate then, to give the rate change. */
    private final long[] rateHistory;
    /** The previous raw reading of each counter. */
    private final long[] previous;
    /** Current feature values indexed by feature id (0 unused). */
    private final long[] values;

    private long lastSampleMillis;
    private boolean primed;
    private int head;
    private int filled;
    private long samples;
    private long resets;

    /**
     * Creates empty windows.
     *
     * @param depth buckets per window, {@code 1..1024}; the window length is {@code depth} sample periods
     * @param counterBits width of the board's counters, {@code 8..64}, for wrap detection
     */
    public FeatureWindows(int depth, int counterBits) {
        if (depth < 1 || depth > 1024) {
            throw new IllegalArgumentException("depth must be 1..1024: " + depth);
        }
        if (counterBits < 8 || counterBits > 64) {
            throw new IllegalArgumentException("counterBits must be 8..64: " + counterBits);
        }
        this.depth = depth;
        this.counterBits = counterBits;
        this.buckets = new long[depth * COUNTERS];
        this.spans = new long[depth];
        this.rateHistory = new long[depth];
        this.previous = new long[COUNTERS];
        this.values = new long[FeatureLayout.LAST_COMPUTED_ID + 1];
    }

    /**
     * Reads every counter once and closes a bucket ending at {@code nowMillis}. The first call
     * only takes the baseline. A clock that goes backwards gives a bucket of length 0.
     */
    public void sample(Telemetry telemetry, long nowMillis) {
        if (!primed) {
            for (int c = 0; c < COUNTERS; c++) {
                previous[c] = telemetry.read(c);
            }
            lastSampleMillis = nowMillis;
            primed = true;
            return;
        }
        int base = head * COUNTERS;
        for (int c = 0; c < COUNTERS; c++) {
            long raw = telemetry.read(c);
            if (isGauge(c)) {
                buckets[base + c] = raw < 0 ? 0 : raw;
            } else {
                buckets[base + c] = difference(previous[c], raw);
            }
            previous[c] = raw;
        }
        spans[head] = nowMillis > lastSampleMillis ? nowMillis - lastSampleMillis : 0;
        lastSampleMillis = nowMillis;
        long rateBefore = rateHistory[head];
        boolean previousWindowKnown = samples >= depth;
        head = head + 1 == depth ? 0 : head + 1;
        if (filled < depth) {
            filled++;
        }
        samples++;
        summarise(rateBefore, previousWindowKnown);
    }

    private void summarise(long rateBefore, boolean previousWindowKnown) {
        long span = 0;
        for (int b = 0; b < filled; b++) {
            span = addSaturated(span, spans[b]);
        }
        for (int c = 0; c < COUNTERS; c++) {
            long acc = 0;
            boolean gauge = isGauge(c);
            for (int b = 0; b < filled; b++) {
                long v = buckets[b * COUNTERS + c];
                acc = gauge ? (v > acc ? v : acc) : addSaturated(acc, v);
            }
            store(c, acc);
        }
        long rate = perMinute(values[FeatureIds.MESSAGE_RATE], span);
        values[FeatureIds.MESSAGE_RATE] = rate;
        values[FeatureIds.MESSAGE_RATE_DELTA] = previousWindowKnown ? rate - rateBefore : 0;
        int written = head == 0 ? depth - 1 : head - 1;
        rateHistory[written] = rate;
    }

    private void store(int counter, long value) {
        switch (counter) {
            case Telemetry.BYTES_IN: values[FeatureIds.BYTES_IN] = value; break;
            case Telemetry.BYTES_OUT: values[FeatureIds.BYTES_OUT] = value; break;
            case Telemetry.PACKETS_IN: values[FeatureIds.PACKETS_IN] = value; break;
            case Telemetry.PACKETS_OUT: values[FeatureIds.PACKETS_OUT] = value; break;
            case Telemetry.MESSAGES: values[FeatureIds.MESSAGE_RATE] = value; break;
            case Telemetry.DTLS_HANDSHAKE_FAILURES: values[FeatureIds.DTLS_HANDSHAKE_FAILURES] = value; break;
            case Telemetry.AUTH_FAILURES: values[FeatureIds.AUTH_FAILURES] = value; break;
            case Telemetry.COAP_4XX: values[FeatureIds.COAP_4XX] = value; break;
            case Telemetry.COAP_5XX: values[FeatureIds.COAP_5XX] = value; break;
            case Telemetry.DISTINCT_PEERS: values[FeatureIds.DISTINCT_PEERS] = value; break;
            case Telemetry.OPEN_PORTS: values[FeatureIds.OPEN_PORTS] = value; break;
            default: break;
        }
    }

    /**
     * Writes the current features into {@code out[off + slot]} for every slot of {@code layout}
     * that the windows compute; other slots are left as they are.
     *
     * @param keyAgeSeconds age of the current key
     * @param messagesUnderKey messages protected under the current key
     * @param secondsSinceRotation time since the last successful rotation
     */
    public void fill(FeatureLayout layout, long keyAgeSeconds, long messagesUnderKey,
                     long secondsSinceRotation, long[] out, int off) {
        int n = layout.slotCount();
        if (off < 0 || off > out.length - n) {
            throw new IllegalArgumentException("output buffer too small");
        }
        values[FeatureIds.KEY_AGE_SECONDS] = keyAgeSeconds;
        values[FeatureIds.MESSAGES_UNDER_KEY] = messagesUnderKey;
        values[FeatureIds.SECONDS_SINCE_ROTATION] = secondsSinceRotation;
        for (int slot = 0; slot < n; slot++) {
            if (layout.isComputed(slot)) {
                out[off + slot] = values[layout.featureId(slot)];
            }
        }
    }

    /** The current value of one window feature (ids {@code 1..12}); 0 before the second sample. */
    public long value(int featureId) {
        if (featureId < 1 || featureId > FeatureIds.OPEN_PORTS) {
            throw new IllegalArgumentException("not a window feature: " + featureId);
        }
        return values[featureId];
    }

    /** Samples taken after the baseline. */
    public long samples() {
        return samples;
    }

    /** Counter readings recognised as resets rather than wraps. */
    public long resets() {
        return resets;
    }

    /** Buckets per window. */
    public int depth() {
        return depth;
    }

    private long difference(long before, long now) {
        if (now >= before) {
            return now - before;
        }
        if (now < 0) {
            resets++;
            return 0;
        }
        if (counterBits < 64 && before < (1L << counterBits)) {
            long range = 1L << counterBits;
            long wrapped = range - before + now;
            if (wrapped < (range >>> 1)) {
                return wrapped;
            }
        }
        resets++;
        return now;
    }

    private static boolean isGauge(int counter) {
        return counter == Telemetry.DISTINCT_PEERS || counter == Telemetry.OPEN_PORTS;
    }

    private static long addSaturated(long a, long b) {
        long s = a + b;
        return s < a ? Long.MAX_VALUE : s;
    }

    private static long perMinute(long count, long spanMillis) {
        if (spanMillis <= 0) {
            return 0;
        }
        if (count <= Long.MAX_VALUE / MILLIS_PER_MINUTE) {
            return count * MILLIS_PER_MINUTE / spanMillis;
        }
        long perMilli = count / spanMillis;
        return perMilli > Long.MAX_VALUE / MILLIS_PER_MINUTE ? Long.MAX_VALUE : perMilli * MILLIS_PER_MINUTE;
    }
}
