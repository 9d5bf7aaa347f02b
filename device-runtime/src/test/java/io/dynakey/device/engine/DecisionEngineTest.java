package io.dynakey.device.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.AllocationMeter;
import io.dynakey.device.features.FeatureWindows;
import io.dynakey.device.governor.Decision;
import io.dynakey.device.governor.GroupPolicy;
import io.dynakey.device.governor.PolicyTable;
import io.dynakey.device.governor.RotationGovernor;
import io.dynakey.device.hal.Telemetry;
import io.dynakey.device.model.ForestEvaluator;
import io.dynakey.models.GoldenVectors;
import io.dynakey.models.TinyModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {

    private final long[] counters = new long[Telemetry.COUNTER_COUNT];
    private final Telemetry board = new Telemetry() {
        @Override
        public long read(int counterId) {
            return counters[counterId];
        }
    };

    private static RotationGovernor governor() {
        return new RotationGovernor(new PolicyTable(GroupPolicy.builder().hardLimits(3600, 10_000).build(), 0), 0, 0);
    }

    @Test
    void each_tick_feeds_the_model_what_the_windows_computed_and_the_governor_its_risk() throws Exception {
        TinyModel model = TinyModel.parse(GoldenVectors.modelBytes("forest-10"));
        DecisionEngine engine = new DecisionEngine(model, new FeatureWindows(4, 32), governor());
        ForestEvaluator reference = new ForestEvaluator(model);
        Random random = new Random(3);
        long[] seen = new long[model.featureCount()];

        for (int t = 1; t <= 500; t++) {
            for (int c = 0; c < Telemetry.COUNTER_COUNT; c++) {
                counters[c] += random.nextInt(2000);
            }
            int action = engine.tick(board, t * 5000L, t * 5L, t * 3L, t * 5L);

            for (int i = 0; i < seen.length; i++) {
                seen[i] = engine.input(i);
            }
            assertEquals(ForestEvaluator.riskOf(reference.evaluate(seen, 0)), engine.lastRisk());
            assertTrue(action >= Decision.NONE && action <= Decision.QUARANTINE);
        }
    }

    @Test
    void the_windows_own_the_features_they_compute_and_unknown_ids_are_refused() throws Exception {
        TinyModel model = TinyModel.parse(GoldenVectors.modelBytes("tree-d6"));
        DecisionEngine engine = new DecisionEngine(model, new FeatureWindows(2, 64), governor());
        int bytesInSlot = model.featureIndexOf(io.dynakey.models.FeatureIds.BYTES_IN);
        engine.tick(board, 0, 0, 0, 0);
        counters[Telemetry.BYTES_IN] += 700;

        assertTrue(engine.setFeature(io.dynakey.models.FeatureIds.BYTES_IN, 999_999));
        assertFalse(engine.setFeature(200, 1), "tree-d6 has no feature 200");
        engine.tick(board, 1000, 0, 0, 0);

        assertEquals(700, engine.input(bytesInSlot));
    }

    @Test
    void a_tick_allocates_nothing() throws Exception {
        TinyModel model = TinyModel.parse(GoldenVectors.modelBytes("forest-10"));
        final DecisionEngine engine = new DecisionEngine(model, new FeatureWindows(8, 32), governor());

        long bytes = AllocationMeter.bytesAllocated(new AllocationMeter.Work() {
            @Override
            public void run(int i) {
                counters[Telemetry.BYTES_IN] += 1400;
                counters[Telemetry.MESSAGES] += i & 3;
                engine.tick(board, i * 1000L, i % 4000, i % 20_000, i % 4000);
            }
        }, 50_000, 200_000);

        assertEquals(0, bytes, "bytes allocated by 200,000 ticks");
    }

    @Test
    void a_model_with_a_rotation_schedule_runs_it_inside_the_shield_and_one_without_runs_the_default() throws Exception {
        TinyModel scheduled = TinyModel.parse(GoldenVectors.modelBytes("forest-rotation"));
        TinyModel plain = TinyModel.parse(GoldenVectors.modelBytes("forest-10"));
        GroupPolicy shield = GroupPolicy.builder().hardLimits(3600, 10_000).build();

        DecisionEngine learned = DecisionEngine.forModel(scheduled, new FeatureWindows(4, 32), governor(), shield, 0, 0);
        DecisionEngine fallback = DecisionEngine.forModel(plain, new FeatureWindows(4, 32), governor(), shield, 0, 0);

        assertTrue(learned.runsSchedule());
        assertFalse(fallback.runsSchedule());
        // the shield's one-hour maximum key age bounds whatever calendar the file carries
        long firstRotation = -1;
        for (long t = 60_000; t <= 7_200_000 && firstRotation < 0; t += 60_000) {
            if (learned.tick(board, t, t / 1000, 0, t / 1000) == Decision.ROTATE_NOW) {
                firstRotation = t;
            }
        }
        assertTrue(firstRotation > 0 && firstRotation <= 3_600_000, "rotated at " + firstRotation + " ms");
        learned.rotated(firstRotation);
        assertEquals(Decision.NONE, learned.tick(board, firstRotation + 60_000, 60, 0, 60), "a fresh key is not rotated again at once");
    }

    @Test
    void a_schedule_in_a_file_with_a_temporal_student_runs_on_the_students_risk_and_restarts_it_at_each_rotation()
            throws Exception {
        // what the fleet's learned policy simulates (LearnedPolicy on a format 1.2 file): the schedule bands the
        // second stage's risk, and the temporal state starts over when the key rotates
        byte[] student = GoldenVectors.modelBytes("temporal-student");
        TinyModel model = TinyModel.parse(io.dynakey.models.TinyModelWriter.withRotationSchedule(student,
                new io.dynakey.models.RotationScheduleSpec(500, new int[] {1}, new long[] {7200, 0}, false)));
        GroupPolicy shield = GroupPolicy.builder().hardLimits(3 * 3600, 10_000).build();
        DecisionEngine engine = DecisionEngine.forModel(model, new FeatureWindows(4, 32), governor(), shield, 0, 0);
        assertTrue(engine.runsSchedule());
        io.dynakey.device.model.TemporalDetector reference = new io.dynakey.device.model.TemporalDetector(model);
        io.dynakey.device.governor.ScheduleGovernor schedule = new io.dynakey.device.governor.ScheduleGovernor(
                io.dynakey.device.governor.RotationSchedule.fromModel(model, shield), 0, 0);
        Random random = new Random(9);
        long[] row = new long[model.featureCount()];
        int rotations = 0;
        int risky = 0;
        long born = 0;
        for (int t = 1; t <= 3000; t++) {
            for (int c = 0; c < Telemetry.COUNTER_COUNT; c++) {
                counters[c] += random.nextInt(t % 300 < 40 ? 200_000 : 2000);
            }
            long now = t * 60_000L;
            int action = engine.tick(board, now, (now - born) / 1000, 0, (now - born) / 1000);
            for (int i = 0; i < row.length; i++) {
                row[i] = engine.input(i);
            }
            reference.addRow(row, 0);
            reference.endWindow(now);
            int risk = reference.lastDecisionRisk();
            assertEquals(risk, engine.lastRisk(), "tick " + t + ": the schedule sees the student's risk");
            assertEquals(schedule.decide(risk, now), action, "tick " + t);
            risky += risk > 0 ? 1 : 0;
            if (action == Decision.ROTATE_NOW) {
                engine.rotated(now);
                reference.reset();
                schedule.rotated(now);
                born = now;
                rotations++;
            }
        }
        assertTrue(rotations > 0 && risky > 0, rotations + " rotations, " + risky + " risky windows");
    }

    @Test
    void a_tick_of_the_schedule_engine_allocates_nothing() throws Exception {
        TinyModel scheduled = TinyModel.parse(GoldenVectors.modelBytes("forest-rotation"));
        final DecisionEngine engine = DecisionEngine.forModel(scheduled, new FeatureWindows(8, 32), governor(),
                GroupPolicy.builder().hardLimits(3600, 10_000).build(), 0, 0);

        long bytes = AllocationMeter.bytesAllocated(new AllocationMeter.Work() {
            @Override
            public void run(int i) {
                counters[Telemetry.BYTES_IN] += 1400;
                engine.tick(board, i * 1000L, i % 4000, 0, i % 4000);
            }
        }, 50_000, 200_000);

        assertEquals(0, bytes, "bytes allocated by 200,000 ticks");
    }
}
