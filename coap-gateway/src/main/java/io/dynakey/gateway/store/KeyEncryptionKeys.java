package io.dynakey.gateway.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Loads the key-encryption key: 64 hex characters from the environment variable
 * {@value #ENV} if it is set, otherwise from a file (hex, whitespace ignored). The value never
 * appears in a message or log.
 */
public final class KeyEncryptionKeys {

    /** Environment variable that holds the KEK as hex. */
    public static final String ENV = "DYNAKEY_KEK";

    private KeyEncryptionKeys() {
    }

    /**
     * The KEK from {@value #ENV}, else from {@code file}; when neither exists and {@code create}
     * is set, a fresh random KEK is written to {@code file} (owner-only permissions).
     */
    public static byte[] load(Path file, boolean create) throws IOException {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return parse(env, "environment variable " + ENV);
        }
        if (Files.exists(file)) {
            return parse(Files.readString(file, StandardCharsets.US_ASCII), "file " + file);
        }
        if (!create) {
            throw new IOException("no key-encryption key: set " + ENV + " or create " + file);
        }
        byte[] kek = new byte[KeyWrapper.KEK_LENGTH];
        new SecureRandom().nextBytes(kek);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, HexFormat.of().formatHex(kek) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the operator protects the file
        }
        return kek;
    }

    private static byte[] parse(String text, String where) throws IOException {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                hex.append(c);
            }
        }
        if (hex.length() != KeyWrapper.KEK_LENGTH * 2) {
            throw new IOException("the key-encryption key in " + where + " must be " + KeyWrapper.KEK_LENGTH * 2 + " hex characters");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IOException("the key-encryption key in " + where + " is not hex");
        }
    }
}
