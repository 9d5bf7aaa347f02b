package io.dynakey.trainer.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.models.ModelFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 F8: input files are read with a bound, so a huge or endless file costs at most the bound plus one byte. */
class BoundedFilesTest {

    @TempDir
    Path dir;

    /** An endless stream of zeros that counts what it hands out. */
    static final class CountingZeros extends InputStream {
        long handedOut;

        @Override
        public int read() {
            handedOut++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            handedOut += len;
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            return len;
        }
    }

    @Test
    void an_endless_input_is_refused_after_at_most_the_limit_plus_one_byte() {
        CountingZeros zeros = new CountingZeros();

        IOException e = assertThrows(IOException.class,
                () -> BoundedFiles.read(zeros, ModelFormat.MAX_FILE_SIZE, "endless", "model file"));

        assertEquals("endless: larger than a model file may be (2 MiB)", e.getMessage());
        assertTrue(zeros.handedOut <= ModelFormat.MAX_FILE_SIZE + 1L, "read " + zeros.handedOut + " bytes");
    }

    @Test
    void dev_zero_a_sparse_3_mb_file_a_folder_and_a_missing_file_are_refused_with_one_line_each() throws Exception {
        Path sparse = dir.resolve("sparse.dktm");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L * 1024 * 1024);
        }
        assertEquals("/dev/zero: larger than a model file may be (2 MiB)",
                assertThrows(IOException.class, () -> BoundedFiles.readModel(Path.of("/dev/zero"))).getMessage());
        assertEquals(sparse + ": larger than a model file may be (2 MiB)",
                assertThrows(IOException.class, () -> BoundedFiles.readModel(sparse)).getMessage());
        assertEquals(dir + ": is a folder, not a model file",
                assertThrows(IOException.class, () -> BoundedFiles.readModel(dir)).getMessage());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> BoundedFiles.readModel(dir.resolve("no.dktm")));
        assertEquals(dir.resolve("no.dktm") + ": no such model file", missing.getMessage());
    }

    @Test
    void a_file_at_the_limit_is_read_whole() throws Exception {
        byte[] content = new byte[BoundedFiles.MAX_KEY_FILE];
        content[content.length - 1] = 7;
        Path file = Files.write(dir.resolve("k"), content);
        assertArrayEquals(content, BoundedFiles.read(file, BoundedFiles.MAX_KEY_FILE, "key file"));
        Files.write(file, new byte[BoundedFiles.MAX_KEY_FILE + 1]);
        assertThrows(IOException.class, () -> BoundedFiles.read(file, BoundedFiles.MAX_KEY_FILE, "key file"));
    }

    @Test
    void a_key_file_of_zeros_or_bad_hex_is_refused_in_one_line() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pub"), "zz".repeat(32) + "\n");
        assertEquals(bad + ": not an Ed25519 public key file (expected 64 hex digits)",
                assertThrows(IOException.class, () -> SigningKey.loadPublic(bad)).getMessage());
        assertEquals("/dev/zero: larger than a key file may be (4 KiB)",
                assertThrows(IOException.class, () -> SigningKey.loadPublic(Path.of("/dev/zero"))).getMessage());
    }
}
