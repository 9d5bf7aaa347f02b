package io.dynakey.bench.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.models.ModelFormatException;
import org.junit.jupiter.api.Test;

class ModelFuzzerTest {

    @Test
    void two_seconds_of_fuzzing_find_nothing_and_reach_the_structural_checks() {
        // when
        ModelFuzzer.Report r = ModelFuzzer.run(2000, 7);
        // then
        assertTrue(r.clean(), () -> "finding: " + r.findingText());
        assertTrue(r.cases() > 1000, "cases " + r.cases());
        assertTrue(r.parsed() > 0, "some mutants still parse");
        assertTrue(r.rejectedByReason()[ModelFormatException.BAD_STRUCTURE] > 0, "structure errors reached");
        assertTrue(r.rejectedByReason()[ModelFormatException.BAD_CRC] > 0, "CRC errors reached");
    }

    @Test
    void random_rotation_schedules_are_valid_and_read_back() throws Exception {
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 500; i++) {
            io.dynakey.models.RotationScheduleSpec spec = ModelFuzzer.randomSchedule(rnd);
            byte[] f = new io.dynakey.models.TinyModelWriter(1, 1, 1).addFeature(io.dynakey.models.ModelFiles.feature(0))
                    .addTree(io.dynakey.models.TreeNode.leaf(0, 0)).rotationSchedule(spec).toBytes();
            org.junit.jupiter.api.Assertions.assertEquals(spec,
                    io.dynakey.models.RotationScheduleSpec.of(io.dynakey.models.TinyModel.parse(f)));
        }
    }
}
