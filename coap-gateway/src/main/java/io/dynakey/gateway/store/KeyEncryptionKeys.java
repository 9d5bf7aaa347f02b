package io.dynakey.gateway.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Loads the key-encryption key: 64 hex characters from the environment variable
 * {@value #ENV} if it is set, otherwise from a file (hex, whitespace ignored). The file is
 * created with mode 600 ({@link KeyFiles#writeNew}); an existing file that group or others may
 * access is refused, not used: a readable KEK opens every wrapped key of the store. The value
 * never appears in a message or log.
 */
public final class KeyEncryptionKeys {

    /** Environment variable that holds the KEK as hex. */
    public static final String ENV = "DYNAKEY_KEK";
    private static final String WHAT = "key-encryption key";

    private KeyEncryptionKeys() {
    }

    /**
     * The KEK from {@value #ENV}, else from {@code file}; when neither exists and {@code create}
     * is set, a fresh random KEK is written to {@code file} (owner-only permissions).
     *
     * @throws IOException naming the source when the KEK is missing, not hex, of the wrong length,
     *                     or in a file that group or others may read
     */
    public static byte[] load(Path file, boolean create) throws IOException {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return KeyFiles.parseHex(env.getBytes(StandardCharsets.US_ASCII), WHAT, "environment variable " + ENV,
                    KeyWrapper.KEK_LENGTH, KeyWrapper.KEK_LENGTH);
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return read(file);
        }
        if (!create) {
            throw new IOException("no key-encryption key: set " + ENV + " or create " + file);
        }
        byte[] kek = new byte[KeyWrapper.KEK_LENGTH];
        new SecureRandom().nextBytes(kek);
        byte[] text = (HexFormat.of().formatHex(kek) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            KeyFiles.writeNew(file, text);
            return kek;
        } catch (FileAlreadyExistsException raced) {
            Arrays.fill(kek, (byte) 0);
            return read(file);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private static byte[] read(Path file) throws IOException {
        return KeyFiles.parseHex(KeyFiles.readPrivate(file, WHAT), WHAT, "file " + file, KeyWrapper.KEK_LENGTH,
                KeyWrapper.KEK_LENGTH);
    }
}
