package io.dynakey.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dynakey verify}: Verify the ledger's chain of batches and prove an event's inclusion. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify the ledger's chain of batches and prove an event's inclusion.")
final class LedgerVerifyCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("dynakey verify: not available yet in this build");
        return 2;
    }
}
