package io.dynakey.fleet;

import java.util.SplittableRandom;

/**
 * Initial key ages of a fleet that has been running for a while: each device's first key was
 * born at a random instant up to one maximum key age before the run starts (same draw for every
 * policy with the same limit), so that hard-limit rotations do not all fall at the same hour.
 */
final class KeyAges {

    private KeyAges() {
    }

    /** Birth time (virtual ms, {@code <= 0}) of each device's first key. */
    static long[] initialBirths(Scenario s, int devices, long maxKeyAgeSeconds) {
        SplittableRandom rng = new SplittableRandom(s.seed() ^ 0x6B65796167654CL);
        long[] born = new long[devices];
        for (int d = 0; d < devices; d++) {
            born[d] = -(long) (rng.nextDouble() * maxKeyAgeSeconds * 1000L);
        }
        return born;
    }
}
