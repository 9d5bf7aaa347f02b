package io.dynakey.hardware.hal;

import io.dynakey.device.hal.HalException;
import io.dynakey.device.hal.SecureStorage;
import io.dynakey.device.hal.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;

/**
 * {@link SecureStorage} in a directory, one file per slot. A write goes to a temporary file,
 * which is forced to disk, atomically renamed over the slot's file, and then the directory is
 * forced so that the rename itself survives a power cut. A power cut at any instant therefore
 * leaves the slot with its whole old record or its whole new one. Each record carries a length
 * and a CRC-32 so that a damaged file is reported, never returned. Files are created owner-only
 * (mode 600) where the file system supports it. Thread-safe per instance (methods synchronized).
 *
 * <p>Record layout: magic {@code "DKS1"}, length (4 bytes, big-endian), CRC-32 of the payload
 * (4 bytes), payload.
 */
public final class FileSecureStorage implements SecureStorage {

    private static final int MAGIC = 0x444B5331; // "DKS1"
    private static final int HEADER = 12;
    private static final String TMP_SUFFIX = ".tmp";

    /** The steps of one write; a {@link CrashHook} may cut power after any of them (tests). */
    public enum WriteStep { TEMP_WRITTEN, TEMP_SYNCED, RENAMED, DIRECTORY_SYNCED }

    /** Called after each write step; throwing from it simulates a power cut at that instant. */
    @FunctionalInterface
    public interface CrashHook {
        void after(WriteStep step, int slot);
    }

    private final Path dir;
    private final int slotCount;
    private final int maxRecord;
    private final CrashHook hook;

    /**
     * Opens (or creates) storage in {@code dir}; stale temporary files of interrupted writes are
     * removed (their slot keeps its previous record).
     */
    public FileSecureStorage(Path dir, int slotCount, int maxRecordLength) throws StorageException {
        this(dir, slotCount, maxRecordLength, (step, slot) -> { });
    }

    /** As above, with a crash hook for power-cut tests. */
    public FileSecureStorage(Path dir, int slotCount, int maxRecordLength, CrashHook hook) throws StorageException {
        if (slotCount <= 0 || maxRecordLength <= 0) {
            throw new IllegalArgumentException("slotCount and maxRecordLength must be > 0");
        }
        this.dir = dir;
        this.slotCount = slotCount;
        this.maxRecord = maxRecordLength;
        this.hook = hook;
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "*" + TMP_SUFFIX)) {
                for (Path p : stale) {
                    Files.deleteIfExists(p);
                }
            }
            syncDirectory();
        } catch (IOException e) {
            throw new StorageException(HalException.REASON_IO, "cannot open storage directory " + dir + ": " + e.getMessage());
        }
    }

    /** The directory holding the slot files. */
    public Path directory() {
        return dir;
    }

    @Override
    public int slotCount() {
        return slotCount;
    }

    @Override
    public int maxRecordLength(int slot) {
        checkSlot(slot);
        return maxRecord;
    }

    @Override
    public synchronized int read(int slot, byte[] out, int off, int max) throws StorageException {
        checkSlot(slot);
        byte[] file;
        try {
            file = Files.readAllBytes(slotFile(slot));
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new StorageException(HalException.REASON_IO, "slot " + slot + ": read failed: " + e.getMessage());
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        if (file.length < HEADER || b.getInt(0) != MAGIC) {
            throw new StorageException(HalException.REASON_IO, "slot " + slot + ": not a record (bad header)");
        }
        int len = b.getInt(4);
        if (len < 0 || len != file.length - HEADER) {
            throw new StorageException(HalException.REASON_IO, "slot " + slot + ": record length " + len
                    + " does not match file size " + file.length);
        }
        CRC32 crc = new CRC32();
        crc.update(file, HEADER, len);
        if ((int) crc.getValue() != b.getInt(8)) {
            throw new StorageException(HalException.REASON_IO, "slot " + slot + ": record CRC mismatch");
        }
        if (len > max || off < 0 || off + len > out.length) {
            throw new StorageException(HalException.REASON_TOO_LARGE, "slot " + slot + ": record of " + len
                    + " bytes does not fit the caller's buffer (" + Math.min(max, out.length - off) + ")");
        }
        System.arraycopy(file, HEADER, out, off, len);
        java.util.Arrays.fill(file, (byte) 0);
        return len;
    }

    @Override
    public synchronized void write(int slot, byte[] in, int off, int len) throws StorageException {
        checkSlot(slot);
        if (len < 0 || off < 0 || off + len > in.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside buffer of " + in.length);
        }
        if (len > maxRecord) {
            throw new StorageException(HalException.REASON_TOO_LARGE, "slot " + slot + ": record of " + len
                    + " bytes exceeds the slot's " + maxRecord);
        }
        ByteBuffer rec = ByteBuffer.allocate(HEADER + len);
        CRC32 crc = new CRC32();
        crc.update(in, off, len);
        rec.putInt(MAGIC).putInt(len).putInt((int) crc.getValue()).put(in, off, len).flip();
        Path tmp = dir.resolve("slot-" + slot + TMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ownerOnly(tmp);
                while (rec.hasRemaining()) {
                    ch.write(rec);
                }
                hook.after(WriteStep.TEMP_WRITTEN, slot);
                ch.force(true);
            }
            hook.after(WriteStep.TEMP_SYNCED, slot);
            move(tmp, slotFile(slot));
            hook.after(WriteStep.RENAMED, slot);
            syncDirectory();
            hook.after(WriteStep.DIRECTORY_SYNCED, slot);
        } catch (IOException e) {
            throw new StorageException(HalException.REASON_IO, "slot " + slot + ": write failed: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(rec.array(), (byte) 0);
        }
    }

    @Override
    public synchronized void erase(int slot) throws StorageException {
        checkSlot(slot);
        try {
            Files.deleteIfExists(slotFile(slot));
            syncDirectory();
        } catch (IOException e) {
            throw new StorageException(HalException.REASON_IO, "slot " + slot + ": erase failed: " + e.getMessage());
        }
    }

    private Path slotFile(int slot) {
        return dir.resolve("slot-" + slot + ".rec");
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= slotCount) {
            throw new IllegalArgumentException("slot " + slot + " outside 0.." + (slotCount - 1));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system cannot rename atomically: " + e.getMessage(), e);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a directory; Linux and macOS can
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
                throw e;
            }
        }
    }

    private static void ownerOnly(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // non-POSIX file system: rely on the directory's permissions
        }
    }

    @Override
    public String toString() {
        return "FileSecureStorage[" + dir + ", " + slotCount + " slots]";
    }
}
