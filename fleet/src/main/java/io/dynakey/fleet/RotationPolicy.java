package io.dynakey.fleet;

import io.dynakey.device.wire.RotationReason;

/**
 * When a device rotates its key. One instance serves one run of the whole fleet; per-device state
 * is kept by device index, and devices do not share state. {@link #decide} is called once per device
 * per window, in window order for each device, concurrently for different devices, never
 * concurrently for the same device; a caller may run one device through all its windows before
 * the next ({@link PolicyEnvironment} does).
 */
public interface RotationPolicy {

    /** No rotation in this window. */
    long NO_ROTATION = -1;

    /** How a window's rows' risks become the window's risk. */
    enum WindowReduction {
        /** The mean: resists single false positives. */
        MEAN,
        /** The maximum: still sees an attack that makes up only a few of the window's rows. */
        MAX
    }

    /** The reduction this policy's risk must come from, or {@code null} to take the run's. */
    default WindowReduction windowReduction() {
        return null;
    }

    /** Short name used in tables and {@code results.json}: {@code fixed}, {@code adaptive}, {@code oracle}. */
    String name();

    /**
     * True when the policy reads the temporal student's risk (the second stage of a format 1.2
     * model, from each device's history) instead of the window's row risk, when the model carries one.
     */
    default boolean temporal() {
        return false;
    }

    /** One line: the policy's parameters. */
    String describe();

    /** Whether {@link #decide} needs the model's risk (otherwise the simulator skips evaluating it). */
    boolean usesRisk();

    /** Prepares per-device state for {@code devices} devices whose first key is born at time 0. */
    void start(Scenario scenario, int devices);

    /**
     * Called at the end of each window.
     *
     * @param device device index
     * @param windowStart start of the window, virtual ms since the run's start
     * @param windowEnd end of the window (now)
     * @param riskPermille the window's risk as the device's model sees it, or -1 if not evaluated
     * @return the instant inside {@code (windowStart, windowEnd]} at which to rotate, or {@link #NO_ROTATION}
     */
    long decide(int device, long windowStart, long windowEnd, int riskPermille);

    /** Reason of the rotation {@link #decide} just asked for (a {@link RotationReason} code). */
    int lastReason(int device);

    /** The device's rotation at {@code atMillis} has committed at the gateway. */
    void rotated(int device, long atMillis);
}
