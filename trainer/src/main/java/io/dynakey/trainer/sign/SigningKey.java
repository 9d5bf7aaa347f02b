package io.dynakey.trainer.sign;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * An Ed25519 model-signing key pair. The private key is copied in and out, wiped by
 * {@link #destroy()}, and never appears in {@link #toString()}. Files: the private key as 64 hex
 * digits in a file created with mode 600; the public key as 64 hex digits. Not thread-safe.
 */
public final class SigningKey implements AutoCloseable {

    private static final String PRIVATE_HEADER = "# dynakey Ed25519 model-signing private key (keep secret)\n";
    private static final String PUBLIC_HEADER = "# dynakey Ed25519 model-signing public key\n";

    private final byte[] privateKey;
    private final byte[] publicKey;

    private SigningKey(byte[] privateKey) throws CryptoException {
        this.privateKey = privateKey.clone();
        this.publicKey = new byte[Ed25519Signatures.PUBLIC_KEY_LENGTH];
        Ed25519Signatures.publicKey(this.privateKey, 0, publicKey, 0);
    }

    /** Generates a fresh key from the platform's strong random source. */
    public static SigningKey generate() {
        byte[] seed = new byte[Ed25519Signatures.PRIVATE_KEY_LENGTH];
        try {
            SecureRandom.getInstanceStrong().nextBytes(seed);
        } catch (java.security.NoSuchAlgorithmException e) {
            new SecureRandom().nextBytes(seed);
        }
        try {
            return new SigningKey(seed);
        } catch (CryptoException e) {
            throw new IllegalStateException("Ed25519 key derivation failed", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Wraps a 32-byte private key (copied). */
    public static SigningKey of(byte[] privateKey) {
        if (privateKey.length != Ed25519Signatures.PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes");
        }
        try {
            return new SigningKey(privateKey);
        } catch (CryptoException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    /**
     * Writes the private key to a new file, readable and writable by its owner only (mode 600
     * from creation on, on POSIX file systems), and the public key beside it.
     *
     * @throws FileAlreadyExistsException if the private key file exists (never overwritten)
     */
    public void save(Path privateFile, Path publicFile) throws IOException {
        Path dir = privateFile.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        byte[] text = (PRIVATE_HEADER + HexFormat.of().formatHex(privateKey) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
            try {
                Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(owner));
            } catch (UnsupportedOperationException e) {
                Files.createFile(privateFile);
            }
            Files.write(privateFile, text, StandardOpenOption.TRUNCATE_EXISTING);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
        writePublic(publicFile);
    }

    /** Writes the public key file (overwrites). */
    public void writePublic(Path publicFile) throws IOException {
        Files.writeString(publicFile, PUBLIC_HEADER + HexFormat.of().formatHex(publicKey) + "\n", StandardCharsets.US_ASCII);
    }

    /**
     * Loads a private key file. Refuses a file that group or others may read.
     *
     * @throws IOException when unreadable, too open, or malformed (the message never holds key bytes)
     */
    public static SigningKey load(Path privateFile) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(privateFile);
            for (PosixFilePermission p : perms) {
                if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
                    throw new IOException(privateFile + ": private key file must be readable by its owner only "
                            + "(chmod 600), it is " + PosixFilePermissions.toString(perms));
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        byte[] key = readHex(privateFile, Ed25519Signatures.PRIVATE_KEY_LENGTH, "private key");
        try {
            return of(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Reads a public key file (64 hex digits; {@code #} lines are comments). */
    public static byte[] loadPublic(Path publicFile) throws IOException {
        return readHex(publicFile, Ed25519Signatures.PUBLIC_KEY_LENGTH, "public key");
    }

    /** Parses the text of a public key file (64 hex digits; {@code #} lines are comments); {@code source} names it in errors. */
    public static byte[] parsePublic(String text, String source) throws IOException {
        return parseHex(text.lines().toList(), source, Ed25519Signatures.PUBLIC_KEY_LENGTH, "public key");
    }

    private static byte[] readHex(Path file, int length, String what) throws IOException {
        byte[] raw = BoundedFiles.read(file, BoundedFiles.MAX_KEY_FILE, "key file");
        String text = new String(raw, StandardCharsets.US_ASCII);
        Arrays.fill(raw, (byte) 0);
        return parseHex(text.lines().toList(), file.toString(), length, what);
    }

    private static byte[] parseHex(List<String> lines, String file, int length, String what) throws IOException {
        StringBuilder hex = new StringBuilder();
        for (String line : lines) {
            if (!line.strip().startsWith("#")) {
                hex.append(line.strip());
            }
        }
        try {
            byte[] key = HexFormat.of().parseHex(hex);
            if (key.length != length) {
                throw new IOException(file + ": an Ed25519 " + what + " file holds " + 2 * length + " hex digits");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 " + what + " file (expected " + 2 * length + " hex digits)");
        } finally {
            hex.setLength(0);
        }
    }

    /** @return a copy of the public key */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** @return the public key as hex */
    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    /** Signs {@code msg[off .. off+len)}; returns the 64-byte signature. */
    public byte[] sign(byte[] msg, int off, int len) {
        byte[] sig = new byte[Ed25519Signatures.SIGNATURE_LENGTH];
        try {
            Ed25519Signatures.sign(privateKey, 0, publicKey, 0, msg, off, len, sig, 0);
        } catch (CryptoException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
        return sig;
    }

    /** Wipes the private key. */
    public void destroy() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "SigningKey[public=" + publicKeyHex() + "]";
    }
}
