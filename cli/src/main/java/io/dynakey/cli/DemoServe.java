package io.dynakey.cli;

import io.dynakey.console.Console;
import io.dynakey.console.ConsoleOptions;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import io.dynakey.gateway.config.GatewaySettings;
import io.dynakey.gateway.server.GatewayServer;
import io.dynakey.gateway.store.OutboxEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

/**
 * {@code dynakey demo --serve}: after the run, the run's gateway again on its key store and journal,
 * with the operator console, until Ctrl-C. The demo's clock is virtual (a week in minutes), so the
 * served gateway's clock continues from the run's last event and then runs in real time: key ages
 * and rotations per hour read as they did at the end of the simulated week.
 */
final class DemoServe {

    private DemoServe() {
    }

    /** Serves the gateway whose data folder holds {@code journal}; blocks until the process is stopped. */
    static void serve(Path journal, int consolePort, PrintStream out) throws Exception {
        Path dir = journal.getParent();
        GatewayConfig cfg = GatewayConfig.builder()
                .set(GatewaySettings.BIND_ADDRESS, "127.0.0.1")
                .set(GatewaySettings.PORT, 0)
                .set(GatewaySettings.DATA_DIR, dir)
                .set(GatewaySettings.CONSOLE_PORT, consolePort)
                .set(GatewaySettings.CONSOLE_JOURNAL, journal).build();
        long lastEvent = lastEventTime(cfg);
        long startedReal = System.currentTimeMillis();
        LongSupplier clock = () -> lastEvent + (System.currentTimeMillis() - startedReal);
        GatewayServer server = GatewayServer.start(Gateway.open(cfg, clock));
        Console console = Console.start(server.gateway(), ConsoleOptions.of(cfg).orElseThrow(), clock);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.close();
            server.close();
            DemoCommand.deleteTree(dir.getParent());
            stopped.countDown();
        }, "dynakey-demo-serve"));
        out.println();
        out.println("serving the adaptive run's gateway on coaps://" + server.address().getHostString() + ":"
                + server.address().getPort() + " and its console:");
        out.println("  " + console.url() + "        (metrics: " + console.url().resolve("/metrics") + ")");
        out.println("  operator token for actions: " + console.tokenFile());
        out.println("Ctrl-C stops both and removes the run's key stores.");
        out.flush();
        stopped.await();
    }

    /** Time of the store's newest outbox event (the end of the run, virtual), or now when it has none. */
    private static long lastEventTime(GatewayConfig cfg) throws Exception {
        try (Gateway g = Gateway.open(cfg)) {
            long head = g.fleet().outboxStatus().headSeq();
            List<OutboxEvent> last = g.store().eventsAfter(Math.max(0, head - 1), 1);
            return last.isEmpty() ? System.currentTimeMillis() : last.get(0).timeMillis();
        }
    }
}
