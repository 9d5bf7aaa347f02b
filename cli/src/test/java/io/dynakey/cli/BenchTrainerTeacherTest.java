package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code dynakey bench trainer --teacher-only}: the sequence teacher's figures, on a tiny size. */
class BenchTrainerTeacherTest {

    @Test
    void the_teacher_bench_prints_its_table_without_shared_data() {
        CliRun r = CliRun.of("bench", "trainer", "--teacher-only", "--teacher-sequences", "40", "--teacher-steps", "16",
                "--teacher-epochs", "2");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("| train, one epoch (mean of 2) | 40 |"), r.out());
        assertTrue(r.out().contains("| predict, batched (`predictAll`) | 40 |"), r.out());
        assertTrue(r.out().contains("DJL 0.36.0, PyTorch 2.7.1"), r.out());
        assertTrue(r.err().contains("teacher: epoch 2/2"), r.err());
    }

    @Test
    void teacher_only_and_no_teacher_exclude_each_other() {
        CliRun r = CliRun.of("bench", "trainer", "--teacher-only", "--no-teacher");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("exclude each other"), r.err());
    }
}
