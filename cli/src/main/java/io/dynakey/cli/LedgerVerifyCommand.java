package io.dynakey.cli;

import io.dynakey.ledger.ethereum.EthereumClients;
import io.dynakey.ledger.ethereum.ChainException;
import io.dynakey.ledger.ethereum.LedgerContract;
import io.dynakey.ledger.verify.Checkpoint;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import io.dynakey.ledger.verify.VerifyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey ledger verify}: verify the ledger's chain of batches and prove an event's inclusion. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify the ledger's chain of batches and prove an event's inclusion.",
                "Exit status: 0 intact, 1 tampered or not proven, 2 could not be read,",
                "3 rolled back: no tampering, but archived batches are not on chain (yet); the bridge anchors them again."})
final class LedgerVerifyCommand implements Callable<Integer> {

    @Option(names = "--journal", paramLabel = "FILE",
            description = "journal file (journal backend), or the archive of the Ethereum backend")
    Path journal;

    @Option(names = "--rpc", paramLabel = "URL", description = "JSON-RPC URL of the Ethereum node (one without credentials)")
    String rpc;

    @Option(names = "--rpc-env", paramLabel = "NAME",
            description = "name of the environment variable holding the JSON-RPC URL, for a URL that carries an API key")
    String rpcEnv;

    @Option(names = "--contract", paramLabel = "ADDR", description = "address of the DynakeyLedger contract")
    String contract;

    @Option(names = "--event", paramLabel = "SEQ", description = "prove the inclusion of this event")
    long event;

    @Option(names = "--pinned-head", paramLabel = "HEX",
            description = "a head hash printed by an earlier verify: must still be in the journal's chain")
    String pinnedHead;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "signed checkpoint to continue from and to update after an intact result"
                    + " (default: FILE.checkpoint beside the journal)")
    Path checkpoint;

    @Option(names = "--no-checkpoint", description = "neither read nor write a checkpoint")
    boolean noCheckpoint;

    @Option(names = "--full", description = "verify everything, ignoring the checkpoint (it is still updated)")
    boolean full;

    @Option(names = "--key", paramLabel = "FILE",
            description = "the ledger key (mode 600) that signs checkpoints and the journal's head file"
                    + " (default: FILE.key beside the journal)")
    Path key;

    @Override
    public Integer call() {
        if (rpc != null && rpcEnv != null) {
            System.err.println("give --rpc URL or --rpc-env NAME, not both");
            return 2;
        }
        String url = rpc;
        if (rpcEnv != null) {
            url = System.getenv(rpcEnv);
            if (url == null) {
                System.err.println("the environment variable " + rpcEnv + " (--rpc-env) is not set");
                return 2;
            }
        }
        if ((url == null) != (contract == null) || url == null && journal == null) {
            System.err.println("give --journal FILE, or --rpc URL (or --rpc-env NAME) --contract ADDR"
                    + " (with --journal for the archive)");
            return 2;
        }
        if (journal != null && !Files.isRegularFile(journal)) {
            System.err.println("no such journal: " + journal);
            return 2;
        }
        if (checkpoint == null && journal != null && !noCheckpoint) {
            checkpoint = Checkpoint.defaultFile(journal);
        }
        if (checkpoint != null && journal == null && key == null) {
            System.err.println("a checkpoint needs --journal (the archive) or --key FILE");
            return 2;
        }
        VerifyOptions options = new VerifyOptions(event, pinnedHead, noCheckpoint ? null : checkpoint, full, key);
        VerificationReport report;
        try {
            if (url == null) {
                report = LedgerVerifier.verifyJournal(journal, options);
            } else {
                Web3j web3j = EthereumClients.http(url, 10_000);
                try {
                    // a URL from the environment may carry an API key: the report names the variable instead
                    String shown = rpcEnv != null ? "$" + rpcEnv : url;
                    report = LedgerVerifier.verifyChain(LedgerContract.readOnly(web3j, contract), shown, journal, options);
                } finally {
                    web3j.shutdown();
                }
            }
        } catch (IOException | ChainException e) {
            String m = String.valueOf(e.getMessage());
            System.err.println("cannot verify: " + (rpcEnv != null ? m.replace(url, "$" + rpcEnv) : m));
            return 2;
        }
        System.out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        return switch (report.status()) {
            case INTACT -> 0;
            case TAMPERED -> 1;
            case ROLLED_BACK -> 3;
        };
    }
}
