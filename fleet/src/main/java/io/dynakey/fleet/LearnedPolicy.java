package io.dynakey.fleet;

import io.dynakey.device.governor.Decision;
import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.governor.RotationSchedule;
import io.dynakey.device.governor.ScheduleGovernor;
import io.dynakey.models.TinyModel;
import java.util.SplittableRandom;

/**
 * Runs a learned {@link RotationTable} on every device with the device's own
 * {@link ScheduleGovernor}, inside the shield of the governor's hard limits that no table can
 * override: the calendar age is at most the maximum key age, a risk-driven rotation needs the key
 * to be at least the minimum interval old and a token from the rate limit's bucket. So the worst
 * table still rotates every key by its maximum age and cannot rotate more often than the bucket
 * allows. The calendar rotates at its exact deadline (a device arms it as a timer), a risk band at
 * the end of the window that showed the risk.
 *
 * <p>The table's risk is the one the device's {@code DecisionEngine} feeds its schedule: the
 * temporal student's decision risk when the model file carries one (format 1.2; the student
 * reads the device's history, started over at each rotation), else the window's row risk reduced
 * as the table says. A policy built {@link #fromModel} follows its file; one built from a table
 * says which it reads ({@link #LearnedPolicy(RotationTable, GroupPolicy, String, boolean)}), and
 * the learner builds it as the file it will ship in reads.
 *
 * <p>Initial key ages are drawn like {@link FixedIntervalPolicy}'s phases: a one-band table of
 * interval {@code I} rotates exactly when the fixed schedule of {@code I} does.
 */
public final class LearnedPolicy implements RotationPolicy {

    private final RotationTable table;
    private final RotationSchedule schedule;
    private final GroupPolicy shield;
    private final String provenance;
    private final boolean temporal;
    private ScheduleGovernor[] governors;
    private int[] reason;

    /**
     * @param table the learned table
     * @param shield the hard limits: maximum key age, minimum interval, rate limit
     * @param provenance one line: where the table was learned (for reports), or empty
     */
    public LearnedPolicy(RotationTable table, GroupPolicy shield, String provenance) {
        this(table, shield, provenance, false);
    }

    /**
     * @param temporal whether the table reads the temporal student's risk (the model carries one, so a
     *     device runs it on the student's risk), else the window's row risk
     */
    public LearnedPolicy(RotationTable table, GroupPolicy shield, String provenance, boolean temporal) {
        this(table, new RotationSchedule(table.smoothingPermille(), table.bandEdges(), table.ageLimitSeconds(),
                table.window() == WindowReduction.MAX, shield), shield, provenance, temporal);
    }

    private LearnedPolicy(RotationTable table, RotationSchedule schedule, GroupPolicy shield, String provenance,
                          boolean temporal) {
        this.temporal = temporal;
        this.table = table;
        this.shield = shield;
        this.provenance = provenance;
        this.schedule = schedule;
    }

    /**
     * The policy a device runs from its model file: the table of the file's rotation schedule
     * section, built into the device's schedule by {@link RotationSchedule#fromModel} inside
     * {@code shield} (the device's own limits, never the file's).
     *
     * @param model a parsed model file whose signature the caller verified, with a rotation schedule section
     * @throws IllegalArgumentException if the file has no rotation schedule section
     */
    public static LearnedPolicy fromModel(TinyModel model, GroupPolicy shield, String provenance) {
        return new LearnedPolicy(RotationTable.of(model), RotationSchedule.fromModel(model, shield), shield, provenance,
                model.hasTemporal());
    }

    @Override
    public String name() {
        return "learned";
    }

    @Override
    public String describe() {
        return "learned: " + table.describe(temporal) + "; shield: max key age " + shield.maxKeyAgeSeconds() / 3600
                + " h, min interval " + shield.minIntervalMillis() / 60_000L + " min, " + shield.burst()
                + " risk rotations per " + shield.refillMillis() / 3_600_000L + " h"
                + (provenance.isEmpty() ? "" : "; " + provenance);
    }

    /** The table this policy executes. */
    public RotationTable table() {
        return table;
    }

    @Override
    public boolean temporal() {
        return temporal;
    }

    @Override
    public WindowReduction windowReduction() {
        return table.window();
    }

    @Override
    public boolean usesRisk() {
        return !table.isCalendar();
    }

    @Override
    public void start(Scenario scenario, int devices) {
        SplittableRandom rng = new SplittableRandom(scenario.seed() ^ 0x6669786564L);
        long calendar = schedule.calendarMillis();
        governors = new ScheduleGovernor[devices];
        reason = new int[devices];
        for (int d = 0; d < devices; d++) {
            long next = 1 + (long) (rng.nextDouble() * (calendar - 1));
            governors[d] = new ScheduleGovernor(schedule, next - calendar, schedule.burst());
        }
    }

    @Override
    public long decide(int device, long windowStart, long windowEnd, int riskPermille) {
        ScheduleGovernor g = governors[device];
        if (g.decide(riskPermille, windowEnd) != Decision.ROTATE_NOW) {
            return NO_ROTATION;
        }
        reason[device] = g.reason();
        long due = g.calendarDueMillis();
        // the calendar fires at its deadline inside the window; evidence only at the window's end
        return due <= windowEnd && g.reason() != io.dynakey.device.wire.RotationReason.RISK
                ? Math.max(due, windowStart + 1) : windowEnd;
    }

    /** The smoothed risk the table last saw for a device. */
    public int smoothedRisk(int device) {
        return governors[device].smoothedRisk();
    }

    @Override
    public int lastReason(int device) {
        return reason[device];
    }

    @Override
    public void rotated(int device, long atMillis) {
        governors[device].rotated(atMillis);
    }
}
