package io.dynakey.ledger;

import io.dynakey.ledger.ethereum.AnvilNode;
import io.dynakey.ledger.ethereum.EthereumLedger;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;

/**
 * A bridge in its own JVM, for crash tests: {@code journal FILE TOTAL SEED BATCH} or
 * {@code ethereum FILE TOTAL SEED BATCH URL CONTRACT}. Prints "durable N" after every round, so the
 * parent can kill it mid-run.
 */
public final class BridgeProcessMain {

    private BridgeProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        long total = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        int batch = Integer.parseInt(args[4]);
        LedgerBackend backend = args[0].equals("journal")
                ? Journal.open(file, FsyncPolicy.EVERY_BATCH)
                : EthereumLedger.open(file, FsyncPolicy.EVERY_BATCH, AnvilNode.client(args[5], 3_000),
                        Credentials.create(AnvilNode.GATEWAY_DEV_KEY), args[6], 1);
        GeneratedEventSource source = new GeneratedEventSource(total, seed);
        Bridge bridge = new Bridge(source, backend, batch, 1_000, System::currentTimeMillis);
        while (backend.durableSeq() < total) {
            bridge.drainOnce(true);
            System.out.println("durable " + backend.durableSeq());
            System.out.flush();
        }
        backend.close();
        System.out.println("done");
    }
}
