package io.dynakey.ledger;

import io.dynakey.ledger.ethereum.EthereumClients;
import io.dynakey.ledger.ethereum.EthereumLedger;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;

/**
 * Which backend to open: the journal at {@code file}, or (when {@code rpcUrl} is set) the
 * Ethereum contract at {@code contract} with {@code file} as its archive. The gateway key is a
 * secret: it is never printed by {@link #toString()}.
 *
 * @param file          journal file, or the archive of the Ethereum backend
 * @param fsync         fsync policy of that file
 * @param rpcUrl        JSON-RPC URL, or {@code null} for the journal backend
 * @param contract      contract address (Ethereum only)
 * @param gatewayKeyHex private key of the gateway account, hex (Ethereum only)
 * @param confirmations confirmation depth (Ethereum only, >= 1, default 1): an anchor counts as
 *                      final, and the source is acknowledged through it, only once its block is
 *                      this many blocks deep; a rollback before that costs nothing, after it the
 *                      bridge still anchors the lost batches again from the archive. Set it to the
 *                      depth the chain's operators call final (e.g. 64 on Ethereum mainnet, two epochs)
 */
public record LedgerConfig(Path file, FsyncPolicy fsync, String rpcUrl, String contract, String gatewayKeyHex,
                           int confirmations) {

    /** @throws IllegalArgumentException if the Ethereum backend is asked for a confirmation depth below 1 */
    public LedgerConfig {
        if (rpcUrl != null && confirmations < 1) {
            throw new IllegalArgumentException("ledger confirmation depth must be >= 1 (1: the anchor's own block), not "
                    + confirmations);
        }
    }

    /** The journal backend with group commit. */
    public static LedgerConfig journal(Path file) {
        return new LedgerConfig(file, FsyncPolicy.GROUP_COMMIT, null, null, null, 1);
    }

    /** The Ethereum backend with group-committed archive. */
    public static LedgerConfig ethereum(Path archive, String rpcUrl, String contract, String gatewayKeyHex,
                                        int confirmations) {
        return new LedgerConfig(archive, FsyncPolicy.GROUP_COMMIT, rpcUrl, contract, gatewayKeyHex, confirmations);
    }

    /** Opens the configured backend. */
    public LedgerBackend open() throws LedgerException {
        if (rpcUrl == null) {
            return Journal.open(file, fsync);
        }
        return EthereumLedger.open(file, fsync, EthereumClients.http(rpcUrl, 10_000), Credentials.create(gatewayKeyHex),
                contract, confirmations);
    }

    @Override
    public String toString() {
        return rpcUrl == null ? "journal " + file
                : "ethereum " + rpcUrl + " contract " + contract + " archive " + file + " (gateway key hidden)";
    }
}
