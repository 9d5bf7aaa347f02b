package io.dynakey.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, F2 and the gateway's side of F8: one shared model body, and files checked before they are read. */
class ModelServiceTest {

    static final Path MODEL = Path.of("../tiny-models/src/test/resources/golden/forest-10.dktm");

    @TempDir
    Path dir;

    @Test
    void every_download_shares_one_body_instead_of_pinning_a_copy() {
        ModelService models = ModelService.load(MODEL.toString(), 256 * 1024);
        Reply first = models.handle(Caller.device("a", 1), new byte[0]);
        Reply second = models.handle(Caller.device("b", 1), new byte[0]);
        assertSame(first.payload(), second.payload(), "Californium keeps each Block2 body; a copy per GET adds up");
    }

    @Test
    void a_file_above_the_published_limit_is_refused_before_it_is_read() throws Exception {
        Path big = dir.resolve("big.dkm");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GiB that would take seconds and gigabytes to read whole
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelService.load(big.toString(), 4096));
        assertTrue(e.getMessage().contains("larger than gateway.model.max-bytes (4096)"), e.getMessage());
        int size = (int) Files.size(MODEL);
        e = assertThrows(IllegalArgumentException.class, () -> ModelService.load(MODEL.toString(), size - 1));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void a_missing_file_or_a_folder_is_a_one_line_error_naming_it() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelService.load(dir.resolve("nope.dkm").toString(), 4096));
        assertEquals("model file " + dir.resolve("nope.dkm") + " does not exist", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelService.load(dir.toString(), 4096));
        assertEquals("model file " + dir + " is not a regular file", e.getMessage());
    }
}
