package io.dynakey.console;

import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the console listens and what it reads.
 *
 * @param bindAddress address to listen on (loopback by default)
 * @param port        TCP port, 0 for a free one
 * @param tokenFile   the operator token's file ({@link OperatorToken})
 * @param journal     ledger journal the ledger page verifies, or null
 */
public record ConsoleOptions(String bindAddress, int port, Path tokenFile, Path journal) {

    /** The console of {@code gateway.console.*}, empty when {@code gateway.console.port} is -1 (off). */
    public static Optional<ConsoleOptions> of(GatewayConfig cfg) {
        int port = cfg.get(GatewaySettings.CONSOLE_PORT);
        if (port < 0) {
            return Optional.empty();
        }
        Path token = cfg.get(GatewaySettings.CONSOLE_TOKEN_FILE);
        Path journal = cfg.get(GatewaySettings.CONSOLE_JOURNAL);
        return Optional.of(new ConsoleOptions(cfg.get(GatewaySettings.CONSOLE_BIND_ADDRESS), port,
                token != null ? token : cfg.get(GatewaySettings.DATA_DIR).resolve("console.token"),
                journal != null ? journal : cfg.get(GatewaySettings.LEDGER_JOURNAL)));
    }

    /** The same options with {@code journal} as the ledger to verify. */
    public ConsoleOptions withJournal(Path journal) {
        return new ConsoleOptions(bindAddress, port, tokenFile, journal);
    }
}
