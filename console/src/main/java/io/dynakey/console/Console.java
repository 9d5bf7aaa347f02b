package io.dynakey.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynakey.console.metrics.ConsoleMetrics;
import io.dynakey.console.metrics.FleetSnapshots;
import io.dynakey.console.web.ConsoleRoutes;
import io.dynakey.console.web.FleetView;
import io.dynakey.console.web.LedgerStatus;
import io.dynakey.console.web.RequestGuard;
import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.service.GatewayObserver;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console of a running {@link Gateway}: an embedded HTTP server (Javalin on Jetty 12)
 * with the pages, the JSON API ({@code /api/...}), the operator actions and the Prometheus
 * endpoint ({@code /metrics}). Starting it makes its {@link ConsoleMetrics} the gateway's
 * observer; closing it stops the server and the observation (the gateway keeps running).
 */
public final class Console implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    private final Gateway gateway;
    private final Javalin app;
    private final ConsoleMetrics metrics;
    private final ConsoleOptions options;

    private Console(Gateway gateway, Javalin app, ConsoleMetrics metrics, ConsoleOptions options) {
        this.gateway = gateway;
        this.app = app;
        this.metrics = metrics;
        this.options = options;
    }

    /** The console {@code gateway.console.*} configures, started; empty when it is off ({@code gateway.console.port} -1). */
    public static Optional<Console> startIfConfigured(Gateway gateway) throws IOException {
        Optional<ConsoleOptions> o = ConsoleOptions.of(gateway.config());
        return o.isEmpty() ? Optional.empty() : Optional.of(start(gateway, o.get()));
    }

    /**
     * Starts a console for {@code gateway}: loads or creates the operator token, binds the port,
     * and observes the gateway.
     *
     * @throws IOException when the token file cannot be read or created, or is open to others
     */
    public static Console start(Gateway gateway, ConsoleOptions options) throws IOException {
        return start(gateway, options, System::currentTimeMillis);
    }

    /** Like {@link #start(Gateway, ConsoleOptions)} with an explicit clock (Unix ms) for the pages' ages. */
    public static Console start(Gateway gateway, ConsoleOptions options, LongSupplier clock) throws IOException {
        OperatorToken token = OperatorToken.loadOrCreate(options.tokenFile());
        FleetSnapshots snapshots = new FleetSnapshots(gateway.fleet(), clock, 1_000);
        ConsoleMetrics metrics = new ConsoleMetrics(snapshots);
        RequestGuard guard = new RequestGuard(token);
        FleetView view = new FleetView(gateway, metrics, snapshots, clock);
        LedgerStatus ledger = new LedgerStatus(options.journal(), clock);
        ConsoleRoutes routes = new ConsoleRoutes(gateway, view, ledger, metrics, guard, new ObjectMapper(), clock);
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("dynakey-console");
        pool.setDaemon(true);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = options.bindAddress();
            cfg.jetty.port = options.port();
            cfg.jetty.threadPool = pool;
            routes.register(cfg.routes);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IOException("the console cannot listen on " + options.bindAddress() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        guard.listeningOn(options.bindAddress(), app.port());
        gateway.observeWith(metrics);
        Console c = new Console(gateway, app, metrics, options);
        LOG.info("dynakey console on {} (operator token in {})", c.url(), options.tokenFile());
        return c;
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        String host = options.bindAddress().contains(":") ? "[" + options.bindAddress() + "]" : options.bindAddress();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + app.port() + "/");
    }

    /** The bound TCP port. */
    public int port() {
        return app.port();
    }

    /** The metrics this console serves and the gateway reports to. */
    public ConsoleMetrics metrics() {
        return metrics;
    }

    /** Where the operator token is. */
    public java.nio.file.Path tokenFile() {
        return options.tokenFile();
    }

    @Override
    public void close() {
        if (gateway.observer() == metrics) {
            gateway.observeWith(GatewayObserver.NONE);
        }
        app.stop();
    }
}
