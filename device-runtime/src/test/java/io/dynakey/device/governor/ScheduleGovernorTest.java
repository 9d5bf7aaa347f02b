package io.dynakey.device.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.AllocationMeter;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.models.GoldenVectors;
import io.dynakey.models.HostileModels;
import io.dynakey.models.ModelFormat;
import io.dynakey.models.RotationScheduleSpec;
import io.dynakey.models.TinyModel;
import io.dynakey.models.TinyModelWriter;
import org.junit.jupiter.api.Test;

class ScheduleGovernorTest {

    private static final long HOUR = 3_600_000L;
    private static final GroupPolicy SHIELD = GroupPolicy.builder().hardLimits(48 * 3600, 1L << 40)
            .rateLimit(2, 12 * 3600).minInterval(3600).build();

    /** Drives one device for a week of 5-minute windows at a fixed risk; returns rotations by reason. */
    private static long[] week(RotationSchedule s, int risk, long[] lastGap) {
        ScheduleGovernor g = new ScheduleGovernor(s, 0, s.burst());
        long[] byReason = new long[RotationReason.MAX_DEFINED + 1];
        long last = 0;
        long[] riskTimes = new long[2016];
        int risks = 0;
        for (long now = 300_000; now <= 7 * 24 * HOUR; now += 300_000) {
            if (g.decide(risk, now) == Decision.ROTATE_NOW) {
                byReason[g.reason()]++;
                assertTrue(now - last <= SHIELD.maxKeyAgeSeconds() * 1000, "a key outlived the maximum age");
                assertTrue(now - last >= SHIELD.minIntervalMillis(), "rotated inside the minimum interval");
                if (g.reason() == RotationReason.RISK) {
                    riskTimes[risks++] = now;
                }
                lastGap[0] = Math.max(lastGap[0], now - last);
                last = now;
                g.rotated(now);
            }
        }
        for (int k = SHIELD.burst(); k < risks; k++) {
            assertTrue(riskTimes[k] - riskTimes[k - SHIELD.burst()] >= SHIELD.refillMillis(),
                    "more risk rotations than the bucket holds in one refill period");
        }
        return byReason;
    }

    @Test
    void no_schedule_outlives_the_maximum_key_age_or_outruns_the_bucket() {
        // hostile: a calendar of 1,000 h, and rotate at any age on any risk at all
        RotationSchedule hostile = new RotationSchedule(1000, new int[] {1}, new long[] {1000 * 3600, 0}, false, SHIELD);
        assertEquals(48 * HOUR, hostile.calendarMillis());
        assertEquals(HOUR, hostile.bandAgeMillis(1));
        long[] gap = new long[1];
        long[] quiet = week(hostile, 0, gap);
        assertEquals(0, quiet[RotationReason.RISK]);
        assertEquals(3, quiet[RotationReason.KEY_AGE], "every 48 h in a week");
        long[] loud = week(hostile, 1000, gap);
        long allowed = SHIELD.burst() + 7 * 24 * HOUR / SHIELD.refillMillis();
        assertTrue(loud[RotationReason.RISK] > 0 && loud[RotationReason.RISK] <= allowed,
                loud[RotationReason.RISK] + " risk rotations, the bucket allows " + allowed);
    }

    @Test
    void the_calendar_rotates_at_its_age_and_a_band_only_a_key_old_enough() {
        RotationSchedule s = new RotationSchedule(1000, new int[] {500}, new long[] {30 * 3600, 4 * 3600}, false, SHIELD);
        ScheduleGovernor g = new ScheduleGovernor(s, 0, 2);
        assertEquals(30 * HOUR, g.calendarDueMillis());
        assertEquals(Decision.NONE, g.decide(900, 3 * HOUR), "risk, but the key is younger than the band's 4 h");
        assertEquals(Decision.ROTATE_NOW, g.decide(900, 4 * HOUR));
        assertEquals(RotationReason.RISK, g.reason());
        g.rotated(4 * HOUR);
        assertEquals(Decision.NONE, g.decide(100, 33 * HOUR));
        assertEquals(Decision.ROTATE_NOW, g.decide(100, 34 * HOUR));
        assertEquals(RotationReason.POLICY, g.reason());
    }

    @Test
    void a_device_that_starts_with_an_empty_bucket_buys_no_rotation_by_rebooting() {
        RotationSchedule s = new RotationSchedule(1000, new int[] {500}, new long[] {30 * 3600, 0}, false, SHIELD);
        ScheduleGovernor g = new ScheduleGovernor(s, 0, 0);
        assertEquals(Decision.NONE, g.decide(1000, 2 * HOUR), "no token yet");
        assertEquals(Decision.ROTATE_NOW, g.decide(1000, 12 * HOUR), "one token after the refill period");
    }

    /** A valid model file carrying {@code spec} in its rotation section, parsed as the device parses it. */
    private static TinyModel modelWith(RotationScheduleSpec spec) throws Exception {
        return TinyModel.parse(TinyModelWriter.withRotationSchedule(HostileModels.VALID, spec));
    }

    @Test
    void the_shield_bounds_the_most_hostile_tables_a_model_file_can_carry() throws Exception {
        // given the widest tables the format accepts: a calendar of 366 days, every band at age 0 on any risk
        long year = ModelFormat.MAX_ROTATION_AGE_SECONDS;
        RotationScheduleSpec[] hostile = {
            new RotationScheduleSpec(1000, new int[] {1}, new long[] {year, 0}, false),
            new RotationScheduleSpec(1000, new int[] {1, 2, 3, 4, 5, 6, 7}, new long[] {year, 0, 0, 0, 0, 0, 0, 0}, true),
            new RotationScheduleSpec(1, new int[0], new long[] {year}, false),
        };
        for (RotationScheduleSpec spec : hostile) {
            // when the device builds its schedule from the file
            RotationSchedule s = RotationSchedule.fromModel(modelWith(spec), SHIELD);
            // then the file's ages are clamped to the device's shield, never the other way round
            assertEquals(SHIELD.maxKeyAgeSeconds() * 1000, s.calendarMillis(), spec.toString());
            for (int b = 1; b < s.bands(); b++) {
                assertEquals(SHIELD.minIntervalMillis(), s.bandAgeMillis(b), spec.toString());
            }
            // and a week at no risk and at full risk keeps to the maximum age, the minimum interval and the bucket
            long[] gap = new long[1];
            long[] quiet = week(s, 0, gap);
            assertEquals(0, quiet[RotationReason.RISK], spec.toString());
            assertEquals(3, quiet[RotationReason.KEY_AGE], "every 48 h in a week: " + spec);
            long[] loud = week(s, 1000, gap);
            long allowed = SHIELD.burst() + 7 * 24 * HOUR / SHIELD.refillMillis();
            assertTrue(loud[RotationReason.RISK] <= allowed, loud[RotationReason.RISK] + " risk rotations, the bucket allows " + allowed);
            assertTrue(gap[0] <= SHIELD.maxKeyAgeSeconds() * 1000);
        }
    }

    @Test
    void a_schedule_read_from_a_model_file_is_the_schedule_that_was_written() throws Exception {
        // given
        RotationScheduleSpec spec = new RotationScheduleSpec(250, new int[] {300, 700}, new long[] {30 * 3600, 8 * 3600, 0}, true);
        // when
        RotationSchedule fromFile = RotationSchedule.fromModel(modelWith(spec), SHIELD);
        RotationSchedule direct = new RotationSchedule(250, new int[] {300, 700}, new long[] {30 * 3600, 8 * 3600, 0}, true, SHIELD);
        // then
        assertEquals(direct.bands(), fromFile.bands());
        assertEquals(direct.smoothingPermille(), fromFile.smoothingPermille());
        assertTrue(fromFile.windowMax());
        for (int b = 0; b < direct.bands(); b++) {
            assertEquals(direct.bandAgeMillis(b), fromFile.bandAgeMillis(b));
        }
        for (int r = 0; r <= 1000; r++) {
            assertEquals(direct.band(r), fromFile.band(r));
        }
        // and a 1.0 model (no section) is refused here: the device keeps its default governor
        assertThrows(IllegalArgumentException.class, () -> RotationSchedule.fromModel(TinyModel.parse(HostileModels.VALID), SHIELD));
    }

    @Test
    void the_golden_1_1_model_gives_its_schedule_and_the_1_0_golden_models_none() throws Exception {
        // given the committed golden files (tiny-models' test resources)
        for (String name : GoldenVectors.NAMES) {
            TinyModel m = TinyModel.parse(GoldenVectors.modelBytes(name));
            assertEquals(name.equals(GoldenVectors.ROTATION_NAME), m.hasRotationSchedule(), name);
        }
        // when the device builds the 1.1 file's schedule: 36 h calendar, bands at 200/450/800 with 6 h, 2 h, 0 s
        RotationSchedule s = RotationSchedule.fromModel(TinyModel.parse(GoldenVectors.modelBytes(GoldenVectors.ROTATION_NAME)),
                SHIELD);
        // then the ages are the file's, inside the shield (0 s becomes the minimum interval)
        assertEquals(4, s.bands());
        assertEquals(125, s.smoothingPermille());
        assertEquals(36 * HOUR, s.calendarMillis());
        assertEquals(6 * HOUR, s.bandAgeMillis(1));
        assertEquals(2 * HOUR, s.bandAgeMillis(2));
        assertEquals(SHIELD.minIntervalMillis(), s.bandAgeMillis(3));
        assertEquals(0, s.band(199));
        assertEquals(1, s.band(200));
        assertEquals(3, s.band(1000));
    }

    @Test
    void a_malformed_schedule_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new RotationSchedule(0, new int[0], new long[] {3600}, false, SHIELD));
        assertThrows(IllegalArgumentException.class,
                () -> new RotationSchedule(500, new int[] {600, 600}, new long[] {3600, 60, 0}, false, SHIELD));
        assertThrows(IllegalArgumentException.class, () -> new RotationSchedule(500, new int[] {10}, new long[] {3600}, false, SHIELD));
        assertThrows(IllegalArgumentException.class,
                () -> new RotationSchedule(500, new int[9], new long[10], false, SHIELD));
    }

    @Test
    void a_decision_allocates_nothing() {
        RotationSchedule s = new RotationSchedule(250, new int[] {300, 700}, new long[] {30 * 3600, 8 * 3600, 0}, true, SHIELD);
        final ScheduleGovernor g = new ScheduleGovernor(s, 0, 2);
        final int[] seen = new int[4];
        AllocationMeter.Work work = new AllocationMeter.Work() {
            @Override
            public void run(int i) {
                long now = i * 300_000L;
                int d = g.decide((i * 7919) % 1001, now);
                seen[d]++;
                if (d == Decision.ROTATE_NOW) {
                    g.rotated(now);
                }
            }
        };
        assertEquals(0, AllocationMeter.bytesAllocated(work, 50_000, 500_000), "bytes allocated by 500,000 decisions");
        assertTrue(seen[Decision.ROTATE_NOW] > 0 && seen[Decision.NONE] > 0);
    }
}
