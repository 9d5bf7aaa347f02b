package io.dynakey.fleet;

import java.util.Locale;

/**
 * How the link of one device class treats datagrams, in each direction independently: a share lost,
 * a one-way delay with uniform jitter, a share duplicated, a share reordered (held back by
 * {@link #REORDER_EXTRA_MS} plus twice the delay, so datagrams sent after it overtake it), and an
 * optional wake schedule (the device's radio is on for {@code awakeMs} of every {@code wakePeriodMs};
 * nothing crosses outside that window). Applied by {@link UdpRelay}. Immutable.
 *
 * @param name         the device class this profile describes (letters, digits, {@code -_})
 * @param loss         share of datagrams dropped, 0..1 (exclusive of 1)
 * @param delayMs      one-way delay, ms, 0..10,000
 * @param jitterMs     uniform extra delay 0..jitterMs, ms, 0..10,000
 * @param duplicate    share of datagrams delivered twice, 0..1
 * @param reorder      share of datagrams held back so later ones overtake them, 0..1
 * @param wakePeriodMs period of the wake schedule, ms; 0 = always awake
 * @param awakeMs      radio-on time at the start of each period, ms (1..wakePeriodMs when a period is set)
 */
public record LinkProfile(String name, double loss, int delayMs, int jitterMs, double duplicate, double reorder,
                          int wakePeriodMs, int awakeMs) {

    /** Extra hold-back of a reordered datagram, ms. */
    public static final int REORDER_EXTRA_MS = 20;

    /** Validates every bound listed above; a bad value is named in the message. */
    public LinkProfile {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("link profile name must be 1..32 of [A-Za-z0-9_-]");
        }
        share(name, "loss", loss, true);
        share(name, "dup", duplicate, false);
        share(name, "reorder", reorder, false);
        if (delayMs < 0 || delayMs > 10_000 || jitterMs < 0 || jitterMs > 10_000) {
            throw new IllegalArgumentException(name + ": delay and jitter must be 0..10000 ms");
        }
        if (wakePeriodMs < 0 || (wakePeriodMs > 0 && (awakeMs < 1 || awakeMs > wakePeriodMs))) {
            throw new IllegalArgumentException(name + ": wake must be AWAKE/PERIOD ms with 1 <= AWAKE <= PERIOD");
        }
    }

    private static void share(String name, String what, double v, boolean belowOne) {
        if (!(v >= 0.0) || v > 1.0 || (belowOne && v >= 1.0)) {
            throw new IllegalArgumentException(name + ": " + what + " must be a share in 0.." + (belowOne ? "<1" : "1")
                    + ", not " + v);
        }
    }

    /** A perfect link: nothing lost, delayed, duplicated or reordered, always awake. */
    public static LinkProfile perfect(String name) {
        return new LinkProfile(name, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The same link with another loss share. */
    public LinkProfile withLoss(double share) {
        return new LinkProfile(name, share, delayMs, jitterMs, duplicate, reorder, wakePeriodMs, awakeMs);
    }

    /** True if the device sleeps between wake windows. */
    public boolean sleeps() {
        return wakePeriodMs > 0 && awakeMs < wakePeriodMs;
    }

    /** Whether a device with wake phase {@code phaseMs} is awake at {@code nowMs} (any common origin). */
    public boolean awake(long nowMs, long phaseMs) {
        if (!sleeps()) {
            return true;
        }
        return Math.floorMod(nowMs - phaseMs, (long) wakePeriodMs) < awakeMs;
    }

    /** Awake time left at {@code nowMs}, ms (0 when asleep; {@link Long#MAX_VALUE} when it never sleeps). */
    public long awakeLeft(long nowMs, long phaseMs) {
        if (!sleeps()) {
            return Long.MAX_VALUE;
        }
        long in = Math.floorMod(nowMs - phaseMs, (long) wakePeriodMs);
        return in < awakeMs ? awakeMs - in : 0;
    }

    /** The start of the next wake window after {@code nowMs} (now itself when it never sleeps). */
    public long nextWake(long nowMs, long phaseMs) {
        if (!sleeps()) {
            return nowMs;
        }
        long in = Math.floorMod(nowMs - phaseMs, (long) wakePeriodMs);
        return nowMs - in + wakePeriodMs;
    }

    /**
     * Parses {@code NAME:key=value,...} with keys {@code loss}, {@code delay} (ms), {@code jitter} (ms),
     * {@code dup}, {@code reorder} and {@code wake=AWAKE/PERIOD} (ms); missing keys are 0 (always awake).
     * Example: {@code radio:loss=0.2,delay=60,jitter=40,dup=0.01,reorder=0.02}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static LinkProfile parse(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        double loss = 0;
        double dup = 0;
        double reorder = 0;
        int delay = 0;
        int jitter = 0;
        int period = 0;
        int awake = 0;
        if (colon >= 0 && colon + 1 < text.length()) {
            for (String kv : text.substring(colon + 1).split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("link profile " + name + ": expected key=value, not '" + kv + "'");
                }
                String k = kv.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String v = kv.substring(eq + 1).trim();
                try {
                    switch (k) {
                        case "loss" -> loss = Double.parseDouble(v);
                        case "dup" -> dup = Double.parseDouble(v);
                        case "reorder" -> reorder = Double.parseDouble(v);
                        case "delay" -> delay = Integer.parseInt(v);
                        case "jitter" -> jitter = Integer.parseInt(v);
                        case "wake" -> {
                            int slash = v.indexOf('/');
                            if (slash < 1) {
                                throw new IllegalArgumentException("link profile " + name + ": wake must be AWAKE/PERIOD");
                            }
                            awake = Integer.parseInt(v.substring(0, slash));
                            period = Integer.parseInt(v.substring(slash + 1));
                        }
                        default -> throw new IllegalArgumentException("link profile " + name + ": unknown key '" + k
                                + "' (loss, delay, jitter, dup, reorder, wake)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("link profile " + name + ": " + k + " is not a number");
                }
            }
        }
        return new LinkProfile(name, loss, delay, jitter, dup, reorder, period, awake);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s:loss=%.2f,delay=%d,jitter=%d,dup=%.3f,reorder=%.3f%s", name, loss, delayMs,
                jitterMs, duplicate, reorder, sleeps() ? ",wake=" + awakeMs + "/" + wakePeriodMs : "");
    }
}
