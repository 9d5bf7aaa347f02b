package io.dynakey.cli;

import picocli.CommandLine.Command;

/** {@code dynakey ledger}: ledger tools (verify). */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Ledger tools.",
        subcommands = {LedgerVerifyCommand.class})
final class LedgerCommand {
}
