package io.dynakey.fleet;

/**
 * The risk a compromised device's model saw around its compromise (adaptive policy only).
 *
 * @param compromise the compromise
 * @param firstWindowStartMillis virtual time of the first window in {@code riskPermille}
 * @param windowMillis window length
 * @param riskPermille raw window risk (mean over the window's rows), one per window
 * @param smoothedPermille the smoothed risk the governor saw, one per window
 * @param rotationMillis when the stolen key stopped working, or -1
 */
public record RiskTrace(Compromise compromise, long firstWindowStartMillis, long windowMillis,
                        short[] riskPermille, short[] smoothedPermille, long rotationMillis) {
}
