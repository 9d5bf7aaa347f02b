package io.dynakey.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link TinyModelWriter#withModelVersion}: only the version, the CRC and the (zeroed) signature change. */
class ModelVersionRewriteTest {

    @Test
    void the_copy_parses_with_the_new_version_and_the_same_content() throws Exception {
        byte[] file = GoldenVectors.modelBytes("forest-10");
        byte[] copy = TinyModelWriter.withModelVersion(file, 4_000_000_000L);
        TinyModel m = TinyModel.parse(copy);
        assertEquals(4_000_000_000L, m.modelVersion());
        assertEquals(file.length, copy.length);
        int crc = copy.length - ModelFormat.SIGNATURE_SIZE - ModelFormat.CRC_SIZE;
        for (int i = 0; i < crc; i++) {
            if (i < ModelFormat.OFF_MODEL_VERSION || i >= ModelFormat.OFF_MODEL_VERSION + 4) {
                assertEquals(file[i], copy[i], "byte " + i);
            }
        }
        assertArrayEquals(new byte[ModelFormat.SIGNATURE_SIZE], Arrays.copyOfRange(copy, copy.length - ModelFormat.SIGNATURE_SIZE,
                copy.length), "to be signed again");
        assertThrows(IllegalArgumentException.class, () -> TinyModelWriter.withModelVersion(file, -1));
        byte[] bad = file.clone();
        bad[40] ^= 1;
        assertThrows(ModelFormatException.class, () -> TinyModelWriter.withModelVersion(bad, 2));
    }
}
