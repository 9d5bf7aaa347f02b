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
}
