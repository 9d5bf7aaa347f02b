package io.dynakey.fleet;

import io.dynakey.device.wire.RotationReason;

/**
 * How long one stolen key stayed useful.
 *
 * @param compromise the compromise
 * @param exposureMillis from the compromise until the gateway stopped accepting the stolen key
 *     (or until the end of the run when {@code censored})
 * @param censored the stolen key still worked when the run ended
 * @param endedBy the {@link RotationReason} of the rotation that ended it (0 when censored)
 */
public record ExposureSample(Compromise compromise, long exposureMillis, boolean censored, int endedBy) {
}
