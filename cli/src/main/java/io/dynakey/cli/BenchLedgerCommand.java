package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey ledger}: Ledger throughput: events/s into the journal and into anvil, gas per event. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Ledger throughput: events/s into the journal and into anvil, gas per event.")
final class BenchLedgerCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey ledger: not available yet in this build");
        return 2;
    }
}
