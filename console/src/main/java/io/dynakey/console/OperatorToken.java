package io.dynakey.console;

import io.dynakey.gateway.store.KeyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The console's operator token: 32 random bytes as 64 hex characters in a file created with mode
 * 600 on first start ({@link KeyFiles#writeNew}); a file readable by group or others is refused.
 * Every action must carry it; it is compared in constant time and never logged nor shown by
 * {@link #toString()}.
 */
public final class OperatorToken {

    /** Length of the token, bytes (twice as many hex characters). */
    public static final int LENGTH = 32;

    private final byte[] token;

    private OperatorToken(byte[] token) {
        this.token = token;
    }

    /** The token of {@code file}, created at random if the file does not exist. */
    public static OperatorToken loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] raw = new byte[LENGTH];
            new SecureRandom().nextBytes(raw);
            byte[] text = (HexFormat.of().formatHex(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
            Arrays.fill(raw, (byte) 0);
            try {
                KeyFiles.writeNew(file, text);
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: read theirs
            } finally {
                Arrays.fill(text, (byte) 0);
            }
        }
        byte[] read = KeyFiles.readPrivate(file, "console operator token");
        byte[] hex = KeyFiles.parseHex(read, "console operator token", "file " + file, LENGTH, LENGTH);
        Arrays.fill(read, (byte) 0);
        byte[] text = HexFormat.of().formatHex(hex).getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(hex, (byte) 0);
        return new OperatorToken(text);
    }

    /** Whether {@code presented} (as sent, hex) is the token; constant time in the token's length. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] p = presented.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(p, token);
    }

    @Override
    public String toString() {
        return "OperatorToken[hidden]";
    }
}
