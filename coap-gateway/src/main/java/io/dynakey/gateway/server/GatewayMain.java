package io.dynakey.gateway.server;

import io.dynakey.gateway.Gateway;
import io.dynakey.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a gateway in the foreground until the process is stopped (SIGTERM/SIGINT close it
 * gracefully). Prints one line {@code READY <port> <gateway public key hex>} on standard output
 * once it accepts requests, so a supervising process (or a test) knows when and where.
 * Usage: {@code GatewayMain [config.properties]}.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    /** Something started beside the server (the operator console), closed before it. */
    @FunctionalInterface
    public interface Companion {
        /** Starts beside {@code server}; the result is closed at shutdown, before the server. */
        AutoCloseable start(GatewayServer server) throws Exception;
    }

    /** Starts the configured gateway and blocks until shutdown. */
    public static void run(GatewayConfig config) throws Exception {
        run(config, server -> () -> { });
    }

    /** Starts the configured gateway and {@code companion} beside it, and blocks until shutdown. */
    public static void run(GatewayConfig config, Companion companion) throws Exception {
        exitOnOutOfMemory();
        GatewayServer server = GatewayServer.start(Gateway.open(config));
        AutoCloseable beside;
        try {
            beside = companion.start(server);
        } catch (Exception e) {
            server.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                beside.close();
            } catch (Exception e) {
                System.err.println("dynakey gateway: stopping the console failed: " + e.getMessage());
            }
            server.close();
            stopped.countDown();
        }, "dynakey-shutdown"));
        System.out.println("READY " + server.address().getPort() + " "
                + HexFormat.of().formatHex(server.gateway().signingPublicKey()));
        System.out.flush();
        stopped.await();
    }

    /**
     * Makes an {@link OutOfMemoryError} on any thread end the process at once (exit code 3), so a
     * supervisor restarts it: a JVM that lived on after one had lost its DTLS receiver, timers and
     * executors and served nobody. (The launcher also passes {@code -XX:+ExitOnOutOfMemoryError},
     * which covers errors caught inside libraries too.)
     */
    static void exitOnOutOfMemory() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                Runtime.getRuntime().halt(3);
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.println("Exception in thread \"" + thread.getName() + "\" " + error);
            }
        });
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig.Builder b = GatewayConfig.builder();
        if (args.length > 0) {
            try {
                b.load(Path.of(args[0]));
            } catch (IllegalArgumentException e) {
                System.err.println("dynakey gateway: " + e.getMessage());
                System.exit(2);
            }
        }
        try {
            run(b.build());
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            // a setting or file that cannot be used (a model that does not verify, a loose key file): one line, exit 2
            System.err.println("dynakey gateway: " + e.getMessage());
            System.exit(2);
        }
    }
}
