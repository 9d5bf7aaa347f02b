package io.dynakey.bench.gateway;

import io.dynakey.console.Console;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.server.GatewayMain;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The gateway as {@code dynakey gateway} runs it with {@code gateway.console.port} set: the key
 * service plus its console, for the benchmark's console-on phase. Prints {@code CONSOLE <url>}
 * before {@code READY}. Usage: {@code ConsoleGatewayMain config.properties}.
 */
public final class ConsoleGatewayMain {

    private ConsoleGatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        GatewayMain.run(GatewayConfig.builder().load(Path.of(args[0])).build(), server -> {
            Optional<Console> c = Console.startIfConfigured(server.gateway());
            c.ifPresent(console -> System.out.println("CONSOLE " + console.url()));
            return c.isPresent() ? c.get() : () -> { };
        });
    }
}
