package io.dynakey.ledger.ethereum;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The compiled {@code DynakeyLedger} contract checked into the resources (solcjs 0.8.37,
 * {@code --optimize --optimize-runs 200}); a test recompiles the source and compares.
 */
public final class ContractArtifact {

    /** solcjs arguments that produced the artifact (run in the source's directory). */
    public static final String[] SOLC_ARGS = {"--bin", "--abi", "--optimize", "--optimize-runs", "200"};
    /** Source file name, relative to {@code ledger-bridge/src/main/solidity}. */
    public static final String SOURCE = "DynakeyLedger.sol";

    private ContractArtifact() {
    }

    /** Creation bytecode as hex without 0x. */
    public static String bytecode() {
        return read("DynakeyLedger.bin").trim();
    }

    /** The ABI JSON. */
    public static String abi() {
        return read("DynakeyLedger.abi").trim();
    }

    private static String read(String name) {
        try (InputStream in = ContractArtifact.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
