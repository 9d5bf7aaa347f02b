package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.models.RotationScheduleSpec;
import io.dynakey.models.TinyModelWriter;
import io.dynakey.trainer.ShippedArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dynakey model inspect} on a 1.0 file and on a 1.1 file with a rotation schedule section. */
class ModelInspectScheduleTest {

    @TempDir
    Path dir;

    @Test
    void inspect_prints_the_rotation_schedule_of_a_1_1_file_and_none_for_a_1_0_file() throws Exception {
        // given the shipped 1.0 model, and the same model carrying a two-band schedule
        byte[] old = ShippedArtifacts.model();
        byte[] with = TinyModelWriter.withRotationSchedule(old,
                new RotationScheduleSpec(500, new int[] {600}, new long[] {172_800, 3_600}, false));
        Path oldFile = Files.write(dir.resolve("old.dktm"), old);
        Path newFile = Files.write(dir.resolve("new.dktm"), with);
        // when
        CliRun a = CliRun.of("model", "inspect", oldFile.toString());
        CliRun b = CliRun.of("model", "inspect", newFile.toString());
        // then
        assertEquals(0, a.code(), a.all());
        assertEquals(0, b.code(), b.all());
        assertTrue(a.out().contains("tiny-model v1.0") && a.out().contains("rotation schedule: none"), a.out());
        assertTrue(b.out().contains("tiny-model v1.1"), b.out());
        assertTrue(b.out().contains("rotation schedule: 2 band(s) on the window's mean risk, smoothing 500 permille; "
                + "calendar 172800 s; risk >= 600: at age 3600 s"), b.out());
    }
}
