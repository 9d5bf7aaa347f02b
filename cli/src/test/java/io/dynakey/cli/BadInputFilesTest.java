package io.dynakey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.trainer.ShippedArtifacts;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 F8: every bad input file to every command that reads one ends in one line on standard
 * error and a non-zero exit, never a stack trace: /dev/zero (which also shows the reader stops at
 * its bound, or the command would never end), a 3 MB sparse file, a folder, a missing file and bad
 * hex, as model, key, PSK, KEK, operator PSK, board, configuration and factory-list file.
 */
class BadInputFilesTest {

    @TempDir
    Path dir;
    Path sparse;
    Path model;
    Path pub;

    @BeforeEach
    void files() throws Exception {
        sparse = dir.resolve("sparse.bin");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L * 1024 * 1024);
        }
        model = Files.write(dir.resolve("model.dktm"), ShippedArtifacts.model());
        pub = Files.write(dir.resolve("model.pub"), ShippedArtifacts.bytes(ShippedArtifacts.PUBLIC_KEY));
    }

    /** Runs the command and checks it failed with exactly one line naming the command, and no trace. */
    private static CliRun failsInOneLine(int code, String expected, String... args) {
        CliRun r = CliRun.of(args);
        String err = r.err().strip();
        assertEquals(code, r.code(), r.all());
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
        assertTrue(err.startsWith("dynakey "), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
        return r;
    }

    @Test
    void model_inspect_and_verify_refuse_every_bad_model_file_in_one_line() {
        String folder = dir.toString();
        String missing = dir.resolve("missing.dktm").toString();
        for (String cmd : new String[] {"inspect", "verify"}) {
            List<String[]> cases = List.of(
                    new String[] {"/dev/zero", "/dev/zero: larger than a model file may be (2 MiB)"},
                    new String[] {sparse.toString(), sparse + ": larger than a model file may be (2 MiB)"},
                    new String[] {folder, folder + ": is a folder, not a model file"},
                    new String[] {missing, missing + ": no such model file"});
            for (String[] c : cases) {
                List<String> args = new ArrayList<>(List.of("model", cmd, c[0]));
                if (cmd.equals("verify")) {
                    args.addAll(List.of("--key-file", pub.toString()));
                }
                failsInOneLine(2, "dynakey model " + cmd + ": " + c[1], args.toArray(String[]::new));
            }
        }
    }

    @Test
    void model_verify_refuses_every_bad_key_file_in_one_line() throws Exception {
        Path badHex = Files.writeString(dir.resolve("bad.pub"), "zz".repeat(32) + "\n");
        Path shortKey = Files.writeString(dir.resolve("short.pub"), "00\n");
        failsInOneLine(2, badHex + ": not an Ed25519 public key file", "model", "verify", model.toString(), "--key-file", badHex.toString());
        failsInOneLine(2, shortKey + ": an Ed25519 public key file holds 64 hex digits", "model", "verify", model.toString(),
                "--key-file", shortKey.toString());
        failsInOneLine(2, "/dev/zero: larger than a key file may be (4 KiB)", "model", "verify", model.toString(), "--key-file", "/dev/zero");
        failsInOneLine(2, dir + ": is a folder, not a key file", "model", "verify", model.toString(), "--key-file", dir.toString());
        failsInOneLine(2, "nokey.pub: no such key file", "model", "verify", model.toString(), "--key-file", dir.resolve("nokey.pub").toString());
        // and the good pair still verifies
        assertEquals(0, CliRun.of("model", "verify", model.toString(), "--key-file", pub.toString()).code());
    }

    @Test
    void boards_refuses_a_bad_model_or_board_file_in_one_line() {
        failsInOneLine(2, "/dev/zero: larger than a model file may be (2 MiB)", "boards", "--model", "/dev/zero");
        failsInOneLine(2, "/dev/zero: larger than a board profile may be (1 MiB)", "boards", "--board", "/dev/zero");
        failsInOneLine(2, dir + ": is a folder, not a board profile", "boards", "--board", dir.toString());
    }

    @Test
    void gateway_register_refuses_a_bad_psk_file_identity_key_kek_or_operator_psk_in_one_line() throws Exception {
        Path data = dir.resolve("gw");
        String key = identityKey();
        Path psk = Files.writeString(dir.resolve("dev.psk"), "00112233445566778899aabbccddeeff\n");
        failsInOneLine(2, "cannot read the factory PSK: /dev/zero: larger than a factory PSK file may be (4 KiB)",
                "gateway", "--data-dir", data.toString(), "register", "dev-1", "--identity-key", key, "--psk-file", "/dev/zero");
        failsInOneLine(2, "cannot read the factory PSK: " + dir + ": is a folder, not a factory PSK file",
                "gateway", "--data-dir", data.toString(), "register", "dev-1", "--identity-key", key, "--psk-file", dir.toString());
        failsInOneLine(2, "--identity-key must be an Ed25519 public key: 64 hex characters",
                "gateway", "--data-dir", data.toString(), "register", "dev-1", "--identity-key", "zz" + key.substring(2),
                "--psk-file", psk.toString());

        // a KEK file with bad hex (mode 600, so only its content is wrong)
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path kek = Files.writeString(data.resolve("kek.hex"), "zz".repeat(32) + "\n");
        Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw-------"));
        failsInOneLine(2, "the key-encryption key in file " + kek + " is not hex",
                "gateway", "--data-dir", data.toString(), "register", "dev-1", "--identity-key", key, "--psk-file", psk.toString());
        Files.delete(kek);
        // an operator PSK file with bad hex
        Path op = Files.writeString(data.resolve("operator.psk"), "not hex at all, but long enough to pass\n");
        Files.setPosixFilePermissions(op, PosixFilePermissions.fromString("rw-------"));
        failsInOneLine(2, "the operator PSK in file " + op + " ", "gateway", "--data-dir", data.toString(), "register", "dev-1",
                "--identity-key", key, "--psk-file", psk.toString());
        // a world-readable KEK
        Files.delete(op);
        Files.delete(data.resolve("gateway.db"));
        Files.writeString(kek, "00".repeat(32) + "\n");
        Files.setPosixFilePermissions(kek, PosixFilePermissions.fromString("rw-r--r--"));
        failsInOneLine(2, kek + ": the key-encryption key file may be read by group or others (rw-r--r--); restrict it with chmod 600",
                "gateway", "--data-dir", data.toString(), "register", "dev-1", "--identity-key", key, "--psk-file", psk.toString());
    }

    @Test
    void gateway_refuses_a_bad_configuration_or_factory_list_file_in_one_line() throws Exception {
        failsInOneLine(2, "/dev/zero: not a regular file, so not a configuration file", "gateway", "--config", "/dev/zero",
                "--print-config");
        failsInOneLine(2, dir + ": is a folder, not a configuration file", "gateway", "--config", dir.toString(), "--print-config");
        Path master = Files.writeString(dir.resolve("master.hex"), "00112233445566778899aabbccddeeff\n");
        String data = dir.resolve("gw").toString();
        failsInOneLine(2, dir + ": is a folder, not a factory list", "gateway", "--data-dir", data, "import-factory-list",
                dir.toString(), "--factory-key", identityKey(), "--master-secret-file", master.toString());
        failsInOneLine(2, sparse + ": not a factory list (CBOR", "gateway", "--data-dir", data, "import-factory-list",
                sparse.toString(), "--factory-key", identityKey(), "--master-secret-file", master.toString());
    }

    static String identityKey() throws Exception {
        byte[] pub = new byte[Ed25519Signatures.PUBLIC_KEY_LENGTH];
        Ed25519Signatures.publicKey(new byte[Ed25519Signatures.PRIVATE_KEY_LENGTH], 0, pub, 0);
        return HexFormat.of().formatHex(pub);
    }
}
