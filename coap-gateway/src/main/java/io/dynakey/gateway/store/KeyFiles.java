package io.dynakey.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The gateway's key files (key-encryption key, operator PSK) and the folder and database files
 * beside them, on disk:
 * <ul>
 * <li>created readable by their owner only from the first byte on: mode 600 (folders 700) is
 *     given to {@code open(2)}/{@code mkdir(2)} itself, so no umask and no moment between
 *     creating and {@code chmod} exposes them;</li>
 * <li>written whole or not at all: a temporary file in the same folder, forced to disk, then
 *     hard-linked into place, which never replaces a file that appeared meanwhile (falls back to
 *     an atomic rename where the file system has no hard links);</li>
 * <li>refused when group or others have any permission on them, and read with a size bound.</li>
 * </ul>
 * On a file system without POSIX permissions the modes are skipped: the operator protects the
 * files. Stateless; the trainer's {@code SigningKey} follows the same rules for its private key
 * (it cannot share this class: trainer and gateway have no host module in common).
 */
public final class KeyFiles {

    /** Largest key file read, bytes: a key is at most a few hundred hex digits. */
    public static final int MAX_KEY_FILE_BYTES = 4096;

    private static final Set<PosixFilePermission> OWNER_RW = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private KeyFiles() {
    }

    /**
     * Creates {@code dir} and any missing parents with mode 700. An existing folder is left as it
     * is (see {@link #isOwnerOnly}).
     */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        if (posix(abs)) {
            Files.createDirectories(abs, PosixFilePermissions.asFileAttribute(OWNER_RWX));
        } else {
            Files.createDirectories(abs);
        }
    }

    /** Whether neither group nor others have any permission on {@code path} (true without POSIX permissions). */
    public static boolean isOwnerOnly(Path path) throws IOException {
        Set<PosixFilePermission> perms = permissions(path);
        return perms == null || perms.stream().allMatch(p -> p.name().startsWith("OWNER_"));
    }

    /** {@code path}'s permissions as {@code rwxr-x---}, or "unknown" without POSIX permissions. */
    public static String describePermissions(Path path) throws IOException {
        Set<PosixFilePermission> perms = permissions(path);
        return perms == null ? "unknown" : PosixFilePermissions.toString(perms);
    }

    /**
     * Writes {@code content} to the new file {@code file} (mode 600 from creation on), whole or not
     * at all; missing parent folders are created with mode 700.
     *
     * @throws FileAlreadyExistsException if {@code file} exists (it is never replaced)
     */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        createPrivateDirectories(dir);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path tmp = posix(dir)
                ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_RW))
                : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates the empty file {@code file} with mode 600 if it does not exist; if it exists, takes
     * group's and others' permissions away (for files this gateway wrote itself, such as the
     * database, which older versions left at the umask's mode). Returns whether permissions had
     * to be taken away.
     */
    public static boolean ensureOwnerOnly(Path file) throws IOException {
        boolean posix = posix(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                FileAttribute<?>[] attrs = posix
                        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)} : new FileAttribute<?>[0];
                Files.createFile(file, attrs);
                return false;
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile: check it below
            }
        }
        return restrictToOwner(file);
    }

    /** Takes group's and others' permissions away from an existing file; returns whether any were set. */
    public static boolean restrictToOwner(Path file) throws IOException {
        Set<PosixFilePermission> perms = permissions(file);
        if (perms == null || isOwnerOnly(file)) {
            return false;
        }
        perms.removeIf(p -> !p.name().startsWith("OWNER_"));
        Files.setPosixFilePermissions(file, perms);
        return true;
    }

    /**
     * Reads a key file: a regular file that only its owner may access, of at most
     * {@link #MAX_KEY_FILE_BYTES} bytes. The caller wipes the returned bytes.
     *
     * @param what the key's name for messages, e.g. "key-encryption key"
     * @throws IOException naming the file and what is wrong with it (never its content)
     */
    public static byte[] readPrivate(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(Files.isDirectory(file) ? file + ": the " + what + " file is a folder"
                    : file + ": the " + what + " file is not a regular file");
        }
        if (!isOwnerOnly(file)) {
            throw new IOException(file + ": the " + what + " file may be read by group or others ("
                    + describePermissions(file) + "); restrict it with chmod 600 " + file);
        }
        return readBounded(file, what);
    }

    /**
     * Reads a public key file of {@code length} bytes: hex digits, lines starting with {@code #} are
     * comments (the trainer's {@code .pub} format). Any permissions: a public key is no secret.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static byte[] readPublic(Path file, String what, int length) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(Files.isDirectory(file) ? file + ": the " + what + " file is a folder"
                    : Files.exists(file) ? file + ": the " + what + " file is not a regular file"
                    : file + ": no such " + what + " file");
        }
        byte[] text = readBounded(file, what);
        int n = 0;
        boolean comment = false;
        boolean lineStart = true;
        for (byte b : text) { // drop comment lines (# after optional blanks) in place
            if (lineStart && b == '#') {
                comment = true;
            }
            if (b == '\n') {
                comment = false;
                lineStart = true;
            } else {
                lineStart = lineStart && (b == ' ' || b == '\t');
                if (!comment) {
                    text[n++] = b;
                }
            }
        }
        return parseHex(Arrays.copyOf(text, n), what, "file " + file, length, length);
    }

    private static byte[] readBounded(Path file, String what) throws IOException {
        byte[] buf = new byte[MAX_KEY_FILE_BYTES + 1];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0; ) {
                n += r;
            }
        }
        try {
            if (n > MAX_KEY_FILE_BYTES) {
                throw new IOException(file + ": too large for the " + what + " file (more than " + MAX_KEY_FILE_BYTES + " bytes)");
            }
            return Arrays.copyOf(buf, n);
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
    }

    /**
     * Parses hex digits (ASCII whitespace anywhere is ignored) into {@code minBytes..maxBytes}
     * bytes, wiping {@code text}.
     *
     * @param where names the source for messages, e.g. "file kek.hex"
     * @throws IOException naming {@code what} and {@code where}, never the content
     */
    public static byte[] parseHex(byte[] text, String what, String where, int minBytes, int maxBytes) throws IOException {
        byte[] digits = new byte[text.length];
        int n = 0;
        try {
            for (byte b : text) {
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    digits[n++] = b;
                }
            }
            String range = minBytes == maxBytes ? Integer.toString(2 * minBytes) : 2 * minBytes + ".." + 2 * maxBytes;
            if (n % 2 != 0 || n / 2 < minBytes || n / 2 > maxBytes) {
                throw new IOException("the " + what + " in " + where + " must be " + range + " hex characters, not " + n);
            }
            byte[] out = new byte[n / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = Character.digit(digits[2 * i], 16);
                int lo = Character.digit(digits[2 * i + 1], 16);
                if (hi < 0 || lo < 0) {
                    Arrays.fill(out, (byte) 0);
                    throw new IOException("the " + what + " in " + where + " is not hex");
                }
                out[i] = (byte) (hi << 4 | lo);
            }
            return out;
        } finally {
            Arrays.fill(digits, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    private static Set<PosixFilePermission> permissions(Path path) throws IOException {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a folder to sync it; the file itself is on disk
        }
    }
}
