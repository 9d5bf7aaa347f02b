package io.dynakey.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.models.ModelFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TinyModelRiskTest {

    static final Path GOLDEN = Path.of("..", "tiny-models", "src", "test", "resources", "golden");

    @Test
    void the_simulator_scores_rows_exactly_as_the_golden_vectors_say() throws Exception {
        // given the 10-tree golden forest and its expected outputs
        TinyModelRisk model = new TinyModelRisk(Files.readAllBytes(GOLDEN.resolve("forest-10.dktm")), "golden forest");
        List<String> lines = Files.readAllLines(GOLDEN.resolve("forest-10.csv"));
        int checked = 0;
        for (String line : lines.subList(1, Math.min(lines.size(), 501))) {
            String[] cells = line.split(",");
            long[] f = new long[model.featureIds().length];
            for (int i = 0; i < f.length; i++) {
                f[i] = Long.parseLong(cells[i]);
            }
            // then
            assertEquals(Integer.parseInt(cells[cells.length - 1]), model.riskPermille(f), line);
            checked++;
        }
        assertTrue(checked > 100);
        assertTrue(model.describe().contains("10 tree(s)"), model.describe());
    }

    @Test
    void a_damaged_model_file_is_refused() throws Exception {
        byte[] file = Files.readAllBytes(GOLDEN.resolve("tree-d6.dktm"));
        file[file.length / 2] ^= 0x5A;
        assertThrows(ModelFormatException.class, () -> new TinyModelRisk(file, "damaged"));
    }
}
