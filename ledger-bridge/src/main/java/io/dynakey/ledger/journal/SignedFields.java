package io.dynakey.ledger.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small signed text file (the journal's head file, the verifier's checkpoint): a first line
 * {@code <kind> <version>}, then {@code name value} lines, then {@code public-key <hex>} and last
 * {@code signature <hex>}, an Ed25519 signature ({@link LedgerKey}) of every byte before the
 * signature line. Written to a temporary file, forced and renamed over the old one, so a reader
 * sees the old file or the new one, never half of one.
 *
 * @param kind      the first word of the file
 * @param fields    the named values, in file order ({@code public-key} and {@code signature} excluded)
 * @param publicKey the public key the file says signed it (not to be trusted on its own)
 * @param signedOk  true if the signature verifies under {@code publicKey}
 */
public record SignedFields(String kind, Map<String, String> fields, byte[] publicKey, boolean signedOk) {

    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_LENGTH = 64 * 1024;

    /** Writes {@code fields} signed by {@code key} to {@code file}, atomically. */
    public static void write(Path file, String kind, int version, Map<String, String> fields, LedgerKey key)
            throws IOException {
        StringBuilder b = new StringBuilder().append(kind).append(' ').append(version).append('\n');
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().contains(" ") || e.getValue().contains("\n")) {
                throw new IllegalArgumentException("field " + e.getKey() + " cannot be written");
            }
            b.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        b.append("public-key ").append(key.publicKeyHex()).append('\n');
        byte[] signed = b.toString().getBytes(StandardCharsets.UTF_8);
        b.append("signature ").append(HEX.formatHex(key.sign(signed))).append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, b.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a directory; the file itself is forced
        }
    }

    /**
     * Reads a signed file of {@code kind} and checks its signature against the public key it
     * names (whether that is the right key is the caller's question).
     *
     * @throws IOException if it cannot be read or is not a well-formed file of that kind and version
     */
    public static SignedFields read(Path file, String kind, int version) throws IOException {
        if (Files.size(file) > MAX_LENGTH) {
            throw new IOException(file + " is too long for a " + kind + " file");
        }
        byte[] raw = Files.readAllBytes(file);
        String text = new String(raw, StandardCharsets.UTF_8);
        int sigAt = text.lastIndexOf("\nsignature ");
        if (!text.startsWith(kind + " ") || sigAt < 0 || !text.endsWith("\n")) {
            throw new IOException(file + " is not a " + kind + " file");
        }
        String[] lines = text.substring(0, sigAt).split("\n");
        if (!lines[0].equals(kind + " " + version)) {
            throw new IOException(file + ": unknown " + kind + " version (" + lines[0] + "), this reader knows " + version);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        byte[] publicKey = null;
        for (int i = 1; i < lines.length; i++) {
            int sp = lines[i].indexOf(' ');
            if (sp <= 0) {
                throw new IOException(file + ": line " + (i + 1) + " is not 'name value'");
            }
            String name = lines[i].substring(0, sp);
            String value = lines[i].substring(sp + 1);
            if (name.equals("public-key")) {
                publicKey = hex(file, value);
            } else if (fields.put(name, value) != null) {
                throw new IOException(file + ": field " + name + " appears twice");
            }
        }
        byte[] signature = hex(file, text.substring(sigAt + "\nsignature ".length(), text.length() - 1));
        byte[] signed = text.substring(0, sigAt + 1).getBytes(StandardCharsets.UTF_8);
        boolean ok = publicKey != null && LedgerKey.verify(publicKey, signed, signature);
        return new SignedFields(kind, fields, publicKey, ok);
    }

    /** True if the file is signed, and by {@code expected} (a public key). */
    public boolean signedBy(byte[] expected) {
        return signedOk && java.util.Arrays.equals(publicKey, expected);
    }

    /** A field as text. @throws IOException if it is missing */
    public String text(String name) throws IOException {
        String v = fields.get(name);
        if (v == null) {
            throw new IOException("the " + kind + " file lacks '" + name + "'");
        }
        return v;
    }

    /** A field as a number. @throws IOException if it is missing or not a number */
    public long number(String name) throws IOException {
        try {
            return Long.parseLong(text(name));
        } catch (NumberFormatException e) {
            throw new IOException("the " + kind + " file's '" + name + "' is not a number");
        }
    }

    /** A field as bytes from hex. @throws IOException if it is missing or not hex */
    public byte[] bytes(String name) throws IOException {
        return hex(null, text(name));
    }

    private static byte[] hex(Path file, String v) throws IOException {
        try {
            return HEX.parseHex(v.startsWith("0x") ? v.substring(2) : v);
        } catch (IllegalArgumentException e) {
            throw new IOException((file == null ? "" : file + ": ") + "'" + v + "' is not hex");
        }
    }
}
