package io.dynakey.device.governor;

/**
 * One device group's rotation policy. Immutable; build with {@link #builder()}.
 *
 * <p>Risk thresholds are permille ({@code 0..1000}; {@code 1001} disables a level) with
 * {@code soon <= now <= quarantine}. A level is entered when risk reaches its threshold and left
 * only when risk falls below the threshold minus the hysteresis band. Risk-driven rotations draw
 * from a token bucket ({@code burst} tokens, one more every {@code refillSeconds}) and are at
 * least {@code minIntervalSeconds} apart. Hard limits ({@code maxKeyAgeSeconds},
 * {@code maxMessagesPerKey}) force a rotation whatever the risk and the bucket.
 */
public final class GroupPolicy {

    /** Threshold value that disables a risk level. */
    public static final int DISABLED = 1001;

    final int soonPermille;
    final int nowPermille;
    final int quarantinePermille;
    final int hysteresisPermille;
    final int burst;
    final long refillMillis;
    final long minIntervalMillis;
    final long quarantineAfterMillis;
    final long escalateAfterMillis;
    final long maxKeyAgeSeconds;
    final long maxMessagesPerKey;
    final int nearLimitPermille;

    private GroupPolicy(Builder b) {
        this.soonPermille = b.soonPermille;
        this.nowPermille = b.nowPermille;
        this.quarantinePermille = b.quarantinePermille;
        this.hysteresisPermille = b.hysteresisPermille;
        this.burst = b.burst;
        this.refillMillis = b.refillSeconds * 1000L;
        this.minIntervalMillis = b.minIntervalSeconds * 1000L;
        this.quarantineAfterMillis = b.quarantineAfterSeconds * 1000L;
        this.escalateAfterMillis = b.escalateAfterSeconds * 1000L;
        this.maxKeyAgeSeconds = b.maxKeyAgeSeconds;
        this.maxMessagesPerKey = b.maxMessagesPerKey;
        this.nearLimitPermille = b.nearLimitPermille;
    }

    /** A builder holding the defaults listed on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this policy's values, to derive a policy that differs in a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.soonPermille = soonPermille;
        b.nowPermille = nowPermille;
        b.quarantinePermille = quarantinePermille;
        b.hysteresisPermille = hysteresisPermille;
        b.burst = burst;
        b.refillSeconds = refillMillis / 1000;
        b.minIntervalSeconds = minIntervalMillis / 1000;
        b.quarantineAfterSeconds = quarantineAfterMillis / 1000;
        b.escalateAfterSeconds = escalateAfterMillis / 1000;
        b.maxKeyAgeSeconds = maxKeyAgeSeconds;
        b.maxMessagesPerKey = maxMessagesPerKey;
        b.nearLimitPermille = nearLimitPermille;
        return b;
    }

    /** The threshold (permille) that enters a level: 1 soon, 2 now, 3 quarantine. */
    int threshold(int level) {
        return level == 1 ? soonPermille : level == 2 ? nowPermille : quarantinePermille;
    }

    /** Risk (permille) that enters ROTATE_SOON. */
    public int soonPermille() {
        return soonPermille;
    }

    /** Risk (permille) that enters ROTATE_NOW. */
    public int nowPermille() {
        return nowPermille;
    }

    /** Risk (permille) that enters QUARANTINE ({@link #DISABLED} when off). */
    public int quarantinePermille() {
        return quarantinePermille;
    }

    /** Hysteresis band, permille. */
    public int hysteresisPermille() {
        return hysteresisPermille;
    }

    /** How long high risk may stay rate-limited before QUARANTINE, milliseconds. */
    public long quarantineAfterMillis() {
        return quarantineAfterMillis;
    }

    /** How long ROTATE_SOON-level risk lasts before it asks for a rotation, milliseconds (0: never). */
    public long escalateAfterMillis() {
        return escalateAfterMillis;
    }

    /** Fraction of a hard limit, permille, from which ROTATE_SOON is advised. */
    public int nearLimitPermille() {
        return nearLimitPermille;
    }

    /** Rotation tokens the bucket holds at most. */
    public int burst() {
        return burst;
    }

    /** Milliseconds per refilled token. */
    public long refillMillis() {
        return refillMillis;
    }

    /** Least time between two rotations the governor grants for risk, milliseconds. */
    public long minIntervalMillis() {
        return minIntervalMillis;
    }

    /** Maximum key age, seconds. */
    public long maxKeyAgeSeconds() {
        return maxKeyAgeSeconds;
    }

    /** Maximum messages protected under one key. */
    public long maxMessagesPerKey() {
        return maxMessagesPerKey;
    }

    /** Equal when every value is. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GroupPolicy)) {
            return false;
        }
        GroupPolicy p = (GroupPolicy) o;
        return soonPermille == p.soonPermille && nowPermille == p.nowPermille
                && quarantinePermille == p.quarantinePermille && hysteresisPermille == p.hysteresisPermille
                && burst == p.burst && refillMillis == p.refillMillis && minIntervalMillis == p.minIntervalMillis
                && quarantineAfterMillis == p.quarantineAfterMillis && escalateAfterMillis == p.escalateAfterMillis
                && maxKeyAgeSeconds == p.maxKeyAgeSeconds && maxMessagesPerKey == p.maxMessagesPerKey
                && nearLimitPermille == p.nearLimitPermille;
    }

    @Override
    public int hashCode() {
        long h = soonPermille;
        h = h * 31 + nowPermille;
        h = h * 31 + quarantinePermille;
        h = h * 31 + hysteresisPermille;
        h = h * 31 + burst;
        h = h * 31 + refillMillis;
        h = h * 31 + minIntervalMillis;
        h = h * 31 + quarantineAfterMillis;
        h = h * 31 + escalateAfterMillis;
        h = h * 31 + maxKeyAgeSeconds;
        h = h * 31 + maxMessagesPerKey;
        h = h * 31 + nearLimitPermille;
        return (int) (h ^ (h >>> 32));
    }

    /** Builds a {@link GroupPolicy}; every setter checks its bounds, {@link #build()} the relations. */
    public static final class Builder {
        private int soonPermille = 400;
        private int nowPermille = 700;
        private int quarantinePermille = 950;
        private int hysteresisPermille = 100;
        private int burst = 2;
        private long refillSeconds = 3600;
        private long minIntervalSeconds = 300;
        private long quarantineAfterSeconds = 1800;
        private long escalateAfterSeconds = 6 * 3600;
        private long maxKeyAgeSeconds = 7L * 24 * 3600;
        private long maxMessagesPerKey = 1L << 20;
        private int nearLimitPermille = 900;

        private Builder() {
        }

        /** Risk thresholds, permille; defaults 400, 700, 950. */
        public Builder thresholds(int soon, int now, int quarantine) {
            if (soon < 0 || soon > now || now > quarantine || quarantine > DISABLED) {
                throw new IllegalArgumentException("thresholds must satisfy 0 <= soon <= now <= quarantine <= 1001");
            }
            this.soonPermille = soon;
            this.nowPermille = now;
            this.quarantinePermille = quarantine;
            return this;
        }

        /** Hysteresis band, permille, {@code 0..500}; default 100. */
        public Builder hysteresis(int band) {
            if (band < 0 || band > 500) {
                throw new IllegalArgumentException("hysteresis must be 0..500: " + band);
            }
            this.hysteresisPermille = band;
            return this;
        }

        /** Token bucket: {@code burst >= 1} tokens, one every {@code refillSeconds >= 1}; default 2 per hour. */
        public Builder rateLimit(int burst, long refillSeconds) {
            if (burst < 1 || burst > 1000 || refillSeconds < 1 || refillSeconds > 366L * 24 * 3600) {
                throw new IllegalArgumentException("rate limit needs burst 1..1000 and refill 1 s..1 year");
            }
            this.burst = burst;
            this.refillSeconds = refillSeconds;
            return this;
        }

        /** Least time between risk-driven rotations, seconds; default 300. */
        public Builder minInterval(long seconds) {
            this.minIntervalSeconds = checkSeconds(seconds, "minInterval");
            return this;
        }

        /** How long high risk may outlast the rate limit before QUARANTINE, seconds; default 1800. */
        public Builder quarantineAfter(long seconds) {
            this.quarantineAfterSeconds = checkSeconds(seconds, "quarantineAfter");
            return this;
        }

        /** How long ROTATE_SOON-level risk lasts before it asks for a rotation, seconds; 0 never; default 6 h. */
        public Builder escalateAfter(long seconds) {
            this.escalateAfterSeconds = checkSeconds(seconds, "escalateAfter");
            return this;
        }

        /** Hard limits: key age (seconds) and messages per key, both {@code >= 1}; default 7 days, 2^20. */
        public Builder hardLimits(long maxKeyAgeSeconds, long maxMessagesPerKey) {
            if (maxKeyAgeSeconds < 1 || maxMessagesPerKey < 1) {
                throw new IllegalArgumentException("hard limits must be >= 1");
            }
            this.maxKeyAgeSeconds = checkSeconds(maxKeyAgeSeconds, "maxKeyAge");
            this.maxMessagesPerKey = maxMessagesPerKey;
            return this;
        }

        /** Fraction of a hard limit (permille, {@code 1..1000}) from which ROTATE_SOON is advised; default 900. */
        public Builder nearLimit(int permille) {
            if (permille < 1 || permille > 1000) {
                throw new IllegalArgumentException("nearLimit must be 1..1000: " + permille);
            }
            this.nearLimitPermille = permille;
            return this;
        }

        /** The policy. */
        public GroupPolicy build() {
            if (hysteresisPermille > soonPermille && soonPermille > 0) {
                throw new IllegalArgumentException("hysteresis must not exceed the ROTATE_SOON threshold");
            }
            return new GroupPolicy(this);
        }

        private static long checkSeconds(long s, String what) {
            if (s < 0 || s > 10L * 366 * 24 * 3600) {
                throw new IllegalArgumentException(what + " must be 0..10 years in seconds: " + s);
            }
            return s;
        }
    }
}
