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
 * The operator's PSK file ({@code <data-dir>/operator.psk} by default): hex, {@link PskLength}
 * bytes, created at random with mode 600 on first start ({@link KeyFiles#writeNew}); an existing
 * file that group or others may access is refused. The value never appears in a message or log.
 */
public final class OperatorPsk {

    /** Length of a freshly created operator PSK, bytes. */
    public static final int CREATED_LENGTH = PskLength.MIN;
    private static final String WHAT = "operator PSK";

    private OperatorPsk() {
    }

    /**
     * Reads the operator PSK from {@code file}, creating a random one if the file does not exist.
     *
     * @throws IOException naming the file when it is not hex, of the wrong length, or readable by group or others
     */
    public static Secret loadOrCreate(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return read(file);
        }
        byte[] psk = new byte[CREATED_LENGTH];
        new SecureRandom().nextBytes(psk);
        byte[] text = (HexFormat.of().formatHex(psk) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            KeyFiles.writeNew(file, text);
            return Secret.adopt(psk);
        } catch (FileAlreadyExistsException raced) {
            Arrays.fill(psk, (byte) 0);
            return read(file);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private static Secret read(Path file) throws IOException {
        return Secret.adopt(KeyFiles.parseHex(KeyFiles.readPrivate(file, WHAT), WHAT, "file " + file, PskLength.MIN,
                PskLength.MAX));
    }
}
