package io.dynakey.ledger.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The ledger's Ed25519 signing key (Bouncy Castle's lightweight API), which signs the journal's
 * head file and the verifier's checkpoints. Kept in a file of mode 600 holding one line
 * {@code dynakey-ledger-key ed25519 <64 hex digits of the private seed>}; a key file that group
 * or others may read or write is refused. The private key is never printed: {@link #toString()}
 * shows the public key only. Thread-safe.
 */
public final class LedgerKey {

    private static final String PREFIX = "dynakey-ledger-key ed25519 ";
    private static final String PUBLIC_PREFIX = "dynakey-ledger-public-key ed25519 ";
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    private LedgerKey(Path file, Ed25519PrivateKeyParameters privateKey) {
        this.file = file;
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    /** The default key file of a journal: {@code <journal>.key} beside it. */
    public static Path defaultFile(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".key");
    }

    /**
     * Loads the key at {@code file}, or creates a new random one there (mode 600, created
     * atomically so that no other process sees it half written or with wider permissions).
     */
    public static LedgerKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        new SecureRandom().nextBytes(seed);
        byte[] line = (PREFIX + HEX.formatHex(seed) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try {
            if (posix(dir)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.write(file, line);
        } catch (FileAlreadyExistsException raced) {
            return load(file); // another process created it first
        } finally {
            Arrays.fill(line, (byte) 0);
        }
        LedgerKey k = new LedgerKey(file, new Ed25519PrivateKeyParameters(seed, 0));
        Arrays.fill(seed, (byte) 0);
        return k;
    }

    /**
     * Loads the key at {@code file}.
     *
     * @throws IOException if it is missing, not a ledger key, or readable or writable by group or others
     */
    public static LedgerKey load(Path file) throws IOException {
        if (posix(file)) {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            for (PosixFilePermission wide : new PosixFilePermission[] {PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE}) {
                if (p.contains(wide)) {
                    throw new IOException("the ledger key " + file + " has mode " + PosixFilePermissions.toString(p)
                            + ": it must be readable by its owner only (chmod 600)");
                }
            }
        }
        byte[] raw = Files.readAllBytes(file);
        try {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (!text.startsWith(PREFIX) || text.length() != PREFIX.length() + 64) {
                throw new IOException(file + " is not a dynakey ledger key (expected one line '" + PREFIX.trim() + " <64 hex>')");
            }
            byte[] seed;
            try {
                seed = HEX.parseHex(text, PREFIX.length(), text.length());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " is not a dynakey ledger key (the key is not hex)");
            }
            LedgerKey k = new LedgerKey(file, new Ed25519PrivateKeyParameters(seed, 0));
            Arrays.fill(seed, (byte) 0);
            return k;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * The public key in {@code file}: a ledger key file (checked as {@link #load} does), or a
     * public key file {@code dynakey-ledger-public-key ed25519 <64 hex>}, which an auditor who may
     * not read the private key can be given (any mode). Enough to check head files and checkpoints.
     */
    public static byte[] loadPublic(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
        if (text.startsWith(PUBLIC_PREFIX)) {
            try {
                byte[] pub = HEX.parseHex(text.substring(PUBLIC_PREFIX.length()));
                if (pub.length == Ed25519PublicKeyParameters.KEY_SIZE) {
                    return pub;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new IOException(file + " is not a ledger public key (expected '" + PUBLIC_PREFIX.trim() + " <64 hex>')");
        }
        return load(file).publicKey();
    }

    /** True if {@code file} holds a public key only ({@link #loadPublic}): nothing can be signed with it. */
    public static boolean isPublicOnly(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).startsWith(PUBLIC_PREFIX);
    }

    /** The public key file's one line for this key ({@link #loadPublic} reads it). */
    public String publicKeyLine() {
        return PUBLIC_PREFIX + publicKeyHex() + "\n";
    }

    /** The public key (32 bytes, a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key as hex. */
    public String publicKeyHex() {
        return HEX.formatHex(publicKey);
    }

    /** Where the key is kept. */
    public Path file() {
        return file;
    }

    /** An Ed25519 signature (64 bytes) of {@code message}. */
    public byte[] sign(byte[] message) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, privateKey);
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    /** True if {@code signature} is {@code publicKey}'s Ed25519 signature of {@code message}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE || signature == null
                || signature.length != 64) {
            return false;
        }
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        s.update(message, 0, message.length);
        return s.verifySignature(signature);
    }

    private static boolean posix(Path p) throws IOException {
        Path existing = Files.exists(p) ? p : p.toAbsolutePath().getParent();
        return Files.getFileStore(existing).supportsFileAttributeView("posix");
    }

    @Override
    public String toString() {
        return "LedgerKey[ed25519 public " + publicKeyHex() + ", " + file + "]";
    }
}
