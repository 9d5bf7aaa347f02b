package io.dynakey.cli;

import io.dynakey.gateway.store.DeviceIds;
import io.dynakey.ledger.event.KeyCommitment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dynakey ledger commitment}: recomputes a device key's ledger commitment from the key and
 * the salt that {@code dynakey gateway open-commitment} disclosed, so that the device's owner or an
 * auditor checks which key an {@code Enrolled} or {@code Rotated} event names.
 */
@Command(name = "commitment", mixinStandardHelpOptions = true,
        description = {"Recompute a device key's ledger commitment from the key and its salt (from dynakey gateway "
                + "open-commitment) and compare it with the event's.",
                "Exit status: 0 computed (and equal to --expect), 1 not equal, 2 bad input."})
final class LedgerCommitmentCommand implements Callable<Integer> {

    @Option(names = "--device", required = true, paramLabel = "ID", description = "Device id.")
    String deviceId;

    @Option(names = "--epoch", required = true, paramLabel = "N", description = "Epoch of the key.")
    long epoch;

    @Option(names = "--salt", paramLabel = "HEX",
            description = "The commitment's salt, 32 hex characters (dynakey gateway open-commitment); without it, the "
                    + "unsalted version-1 commitment of journals written before hardening h17.")
    String salt;

    @Option(names = "--expect", paramLabel = "HEX", description = "The commitment of the event, 32 hex characters.")
    String expect;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "The key, as hex (one of these is required):%n")
    KeySource keySource;

    /** Where the key comes from; never the command line. */
    static final class KeySource {
        @Option(names = "--key-file", paramLabel = "FILE", required = true, description = "File holding the key as hex.")
        Path file;

        @Option(names = "--key-env", paramLabel = "NAME", required = true,
                description = "Name of the environment variable holding the key as hex.")
        String env;

        @Option(names = "--key-prompt", required = true, interactive = true, arity = "0", prompt = "Key (hex): ",
                description = "Prompt for the key (not echoed).")
        char[] prompted;
    }

    @Override
    public Integer call() {
        DeviceIds.require(deviceId);
        if (epoch < 0) {
            throw new IllegalArgumentException("--epoch must be >= 0");
        }
        byte[] saltBytes = salt == null ? null : hex("--salt", salt, KeyCommitment.SALT_LENGTH);
        byte[] expected = expect == null ? null : hex("--expect", expect, KeyCommitment.LENGTH);
        byte[] key = SecretInput.hex("key", keySource.file, keySource.env, keySource.prompted, System.getenv(), 1, 64);
        KeyCommitment c;
        try {
            c = saltBytes == null ? KeyCommitment.unsaltedV1(deviceId, epoch, key)
                    : KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, saltBytes, deviceId, epoch, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        System.out.println("commitment " + c.toHex() + " (version " + (saltBytes == null ? 1 : 2) + ")");
        if (expected == null) {
            return 0;
        }
        boolean equal = Arrays.equals(expected, c.toBytes());
        System.out.println(equal ? "matches the expected commitment: this key is the one the event names"
                : "does NOT match the expected commitment");
        return equal ? 0 : 1;
    }

    private static byte[] hex(String option, String value, int length) {
        String h = value.strip();
        if (h.length() != 2 * length || !h.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException(option + " must be " + 2 * length + " hex characters");
        }
        return HexFormat.of().parseHex(h);
    }
}
