package io.dynakey.fleet;

import io.dynakey.device.wire.RotationReason;
import java.util.Arrays;
import java.util.List;

/**
 * Everything one policy's run measured.
 *
 * @param policy short name
 * @param description the policy's parameters
 * @param devices devices in the run
 * @param days simulated days
 * @param exposures one per compromise
 * @param rotationsByReason rotations per {@link RotationReason} code
 * @param falseRotations risk-driven rotations while the device was not under attack
 * @param rotationsPerHour rotations committed in each simulated hour
 * @param gateway the gateway's counters
 * @param wallNanos wall-clock time of the run
 * @param deviceCpuNanos CPU time of the device-side steps (traffic, model, governor)
 * @param riskTraces risk around each compromise (adaptive only; empty otherwise)
 * @param failures gateway exchanges that failed (each retried once at the next window)
 */
public record PolicyResult(String policy, String description, int devices, int days,
                           List<ExposureSample> exposures, long[] rotationsByReason, long falseRotations,
                           int[] rotationsPerHour, GatewayCounters gateway, long wallNanos, long deviceCpuNanos,
                           List<RiskTrace> riskTraces, long failures) {

    /** All rotations. */
    public long rotations() {
        return Arrays.stream(rotationsByReason).sum();
    }

    /** Rotations per device per simulated day. */
    public double rotationsPerDeviceDay() {
        return rotations() / ((double) devices * days);
    }

    /** Mean exposure, seconds (censored samples count with their run-end value: a lower bound). */
    public double exposureMeanSeconds() {
        return exposures.stream().mapToLong(ExposureSample::exposureMillis).average().orElse(Double.NaN) / 1000.0;
    }

    /** Exposure percentile {@code p} in 0..100, seconds (nearest rank). */
    public double exposurePercentileSeconds(double p) {
        long[] v = exposures.stream().mapToLong(ExposureSample::exposureMillis).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))] / 1000.0;
    }

    /** Compromises whose stolen key still worked at the end. */
    public long censored() {
        return exposures.stream().filter(ExposureSample::censored).count();
    }

    /** Compromises ended by a risk-driven rotation (detections). */
    public long detected() {
        return exposures.stream().filter(e -> e.endedBy() == RotationReason.RISK).count();
    }

    /** Bytes for key management per device per day. */
    public double keyBytesPerDeviceDay() {
        return gateway.keyManagementBytes() / ((double) devices * days);
    }
}
