package io.dynakey.cli;

import picocli.CommandLine.Command;

/** {@code dynakey ledger}: ledger tools (verify, commitment). */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Ledger tools: verify a ledger, recompute a key commitment.",
        subcommands = {LedgerVerifyCommand.class, LedgerCommitmentCommand.class})
final class LedgerCommand {
}
