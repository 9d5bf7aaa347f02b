package io.dynakey.hardware.hal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.hal.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecureStorageTest {

    @TempDir
    Path dir;

    private static final class PowerCut extends RuntimeException {
        PowerCut() {
            super("power cut");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readSlot(FileSecureStorage s, int slot) throws StorageException {
        byte[] buf = new byte[256];
        int n = s.read(slot, buf, 0, buf.length);
        return n < 0 ? null : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void a_written_record_reads_back_after_reopening() throws Exception {
        // given
        FileSecureStorage s = new FileSecureStorage(dir, 5, 128);
        // when
        s.write(2, bytes("xxidentityxx"), 2, 8);
        FileSecureStorage reopened = new FileSecureStorage(dir, 5, 128);
        // then
        assertEquals("identity", readSlot(reopened, 2));
        assertEquals(null, readSlot(reopened, 0));
    }

    @Test
    void an_empty_slot_reads_minus_one_and_erase_empties_a_slot() throws Exception {
        FileSecureStorage s = new FileSecureStorage(dir, 2, 16);
        assertEquals(-1, s.read(1, new byte[16], 0, 16));
        s.write(1, bytes("k"), 0, 1);
        s.erase(1);
        assertEquals(-1, s.read(1, new byte[16], 0, 16));
    }

    @Test
    void a_crash_mid_write_leaves_the_old_record() throws Exception {
        // given a slot holding the old key, and a crash after the temp file is written but not renamed
        FileSecureStorage s = new FileSecureStorage(dir, 2, 64);
        s.write(0, bytes("old-key"), 0, 7);
        for (FileSecureStorage.WriteStep step : new FileSecureStorage.WriteStep[] {
                FileSecureStorage.WriteStep.TEMP_WRITTEN, FileSecureStorage.WriteStep.TEMP_SYNCED}) {
            FileSecureStorage crashing = new FileSecureStorage(dir, 2, 64, (st, slot) -> {
                if (st == step) {
                    throw new PowerCut();
                }
            });
            // when
            assertThrows(PowerCut.class, () -> crashing.write(0, bytes("new-key"), 0, 7));
            assertTrue(Files.exists(dir.resolve("slot-0.tmp")), "the interrupted write left its temp file");
            // then: after "reboot" the slot holds the whole old record and the temp file is gone
            FileSecureStorage rebooted = new FileSecureStorage(dir, 2, 64);
            assertEquals("old-key", readSlot(rebooted, 0));
            assertFalse(Files.exists(dir.resolve("slot-0.tmp")));
        }
    }

    @Test
    void a_crash_after_the_rename_leaves_the_new_record() throws Exception {
        FileSecureStorage s = new FileSecureStorage(dir, 2, 64);
        s.write(0, bytes("old-key"), 0, 7);
        FileSecureStorage crashing = new FileSecureStorage(dir, 2, 64, (st, slot) -> {
            if (st == FileSecureStorage.WriteStep.RENAMED) {
                throw new PowerCut();
            }
        });
        assertThrows(PowerCut.class, () -> crashing.write(0, bytes("new-key"), 0, 7));
        assertEquals("new-key", readSlot(new FileSecureStorage(dir, 2, 64), 0));
    }

    @Test
    void a_partial_temp_file_from_a_real_crash_is_ignored() throws Exception {
        // given: the old record, plus a torn temp file as a power cut during write() would leave it
        FileSecureStorage s = new FileSecureStorage(dir, 2, 64);
        s.write(1, bytes("old"), 0, 3);
        Files.write(dir.resolve("slot-1.tmp"), Arrays.copyOf(bytes("DKS1\0\0"), 6));
        // when
        FileSecureStorage rebooted = new FileSecureStorage(dir, 2, 64);
        // then
        assertEquals("old", readSlot(rebooted, 1));
    }

    @Test
    void a_corrupted_record_is_reported_not_returned() throws Exception {
        FileSecureStorage s = new FileSecureStorage(dir, 1, 64);
        s.write(0, bytes("secret-key-bytes"), 0, 16);
        Path f = dir.resolve("slot-0.rec");
        byte[] raw = Files.readAllBytes(f);
        raw[raw.length - 1] ^= 1;
        Files.write(f, raw);
        StorageException e = assertThrows(StorageException.class, () -> s.read(0, new byte[64], 0, 64));
        assertTrue(e.getMessage().contains("CRC"));
        assertFalse(e.getMessage().contains("secret"), "no record content in errors");
    }

    @Test
    void an_oversized_record_is_refused_and_the_slot_keeps_its_content() throws Exception {
        FileSecureStorage s = new FileSecureStorage(dir, 1, 8);
        s.write(0, bytes("12345678"), 0, 8);
        StorageException e = assertThrows(StorageException.class, () -> s.write(0, new byte[9], 0, 9));
        assertEquals(StorageException.REASON_TOO_LARGE, e.reason());
        assertEquals("12345678", readSlot(s, 0));
    }

    @Test
    void slot_files_are_owner_only() throws Exception {
        FileSecureStorage s = new FileSecureStorage(dir, 1, 8);
        s.write(0, bytes("k"), 0, 1);
        try {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("slot-0.rec"))));
        } catch (UnsupportedOperationException | IOException notPosix) {
            // nothing to check on a non-POSIX file system
        }
    }

    @Test
    void a_read_into_a_too_small_buffer_is_refused() throws Exception {
        FileSecureStorage s = new FileSecureStorage(dir, 1, 64);
        s.write(0, bytes("0123456789"), 0, 10);
        byte[] small = new byte[4];
        assertThrows(StorageException.class, () -> s.read(0, small, 0, 4));
        assertArrayEquals(new byte[4], small);
    }
}
