package io.dynakey.trainer.sign;

import io.dynakey.models.ModelFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the host's input files (models, key files, small text files) with a size bound, so that a
 * huge file, a device such as {@code /dev/zero} or a FIFO costs at most the bound plus one byte of
 * reading and memory. A regular file's size is checked before any byte is read; every other file
 * is read until the bound is passed. Errors are {@link IOException}s whose one-line message names
 * the file and what is wrong (missing, a folder, unreadable, too large), never its content. This
 * is the host side's one home for it; the CLI and the fleet read model files through
 * {@link #readModel}. Stateless.
 */
public final class BoundedFiles {

    /** Bound of a key file, bytes (a key file holds a few dozen hex digits and comments). */
    public static final int MAX_KEY_FILE = 4096;
    /** Bound of a small text input such as a schema, profile or board file, bytes. */
    public static final int MAX_TEXT_FILE = 1024 * 1024;

    private BoundedFiles() {
    }

    /** A model file: at most {@link ModelFormat#MAX_FILE_SIZE} bytes, the format's own limit. */
    public static byte[] readModel(Path file) throws IOException {
        return read(file, ModelFormat.MAX_FILE_SIZE, "model file");
    }

    /**
     * The bytes of {@code file}, at most {@code limit} of them.
     *
     * @param what the input's name for messages, e.g. "model file"
     * @throws IOException naming the file when it is missing, a folder, unreadable or larger than {@code limit}
     */
    public static byte[] read(Path file, int limit, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder, not a " + what);
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such " + what);
        }
        if (Files.isRegularFile(file) && Files.size(file) > limit) {
            throw tooLarge(file.toString(), what, limit);
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "cannot read the " + what);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, limit, file.toString(), what);
        }
    }

    /**
     * At most {@code limit} bytes of {@code in}: reads no more than {@code limit + 1} bytes, and
     * refuses the input if there was a byte more.
     *
     * @param source names the input for messages
     */
    public static byte[] read(InputStream in, int limit, String source, String what) throws IOException {
        byte[] buf = new byte[Math.min(limit + 1, 64 * 1024)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n > limit) {
                    Arrays.fill(buf, (byte) 0);
                    throw tooLarge(source, what, limit);
                }
                byte[] bigger = Arrays.copyOf(buf, (int) Math.min((long) limit + 1, 2L * buf.length));
                Arrays.fill(buf, (byte) 0);
                buf = bigger;
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > limit) {
            Arrays.fill(buf, (byte) 0);
            throw tooLarge(source, what, limit);
        }
        byte[] out = Arrays.copyOf(buf, n);
        Arrays.fill(buf, (byte) 0);
        return out;
    }

    private static IOException tooLarge(String source, String what, int limit) {
        return new IOException(source + ": larger than a " + what + " may be (" + describe(limit) + ")");
    }

    private static String describe(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
