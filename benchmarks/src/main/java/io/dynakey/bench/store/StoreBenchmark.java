package io.dynakey.bench.store;

import io.dynakey.gateway.ledger.LedgerEventBodies;
import io.dynakey.gateway.store.CommitOutcome;
import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.KeyWrapper;
import io.dynakey.gateway.store.PendingKey;
import io.dynakey.gateway.store.PendingOutcome;
import io.dynakey.gateway.store.PostgresDeviceKeyStore;
import io.dynakey.gateway.store.PostgresUrl;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.SqliteDeviceKeyStore;
import io.dynakey.gateway.store.StoreException;
import io.dynakey.gateway.store.ThrowawayPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Key-store throughput of a rotation as the gateway drives it (read the device, store the pending
 * key, look the new key up as the handshake does, commit with its outbox event), on SQLite and on
 * a throwaway PostgreSQL in the same run: one node, then {@code nodes} stores on one PostgreSQL
 * database at once (separate connections, as separate gateways; each its own devices).
 */
public final class StoreBenchmark {

    /** What to run. */
    public record Options(int devices, int rotations, int nodes, Path work) {
    }

    /** One measurement: {@code rotations} in {@code nanos} by {@code nodes} stores. */
    public record Figure(String store, int nodes, int rotations, long nanos, long registerNanos, int devices) {
        /** Rotations per second. */
        public double rotationsPerSecond() {
            return rotations / (nanos / 1e9);
        }

        /** Registrations per second. */
        public double registrationsPerSecond() {
            return devices / (registerNanos / 1e9);
        }
    }

    private static final byte[] KEK = new byte[32];

    private StoreBenchmark() {
    }

    /** Runs SQLite (1 node), PostgreSQL (1 node) and PostgreSQL ({@code nodes} nodes). */
    public static List<Figure> run(Options o, PrintStream out) throws Exception {
        List<Figure> figures = new ArrayList<>();
        out.println("SQLite, 1 node: " + o.devices() + " devices, " + o.rotations() + " rotations");
        figures.add(measure("SQLite", 1, o, () -> SqliteDeviceKeyStore.open(o.work().resolve("bench.db"),
                new KeyWrapper(KEK), new LedgerEventBodies(), SqliteDeviceKeyStore.Durability.NORMAL)));
        if (ThrowawayPostgres.binaries().isEmpty()) {
            out.println("PostgreSQL server binaries not installed: PostgreSQL skipped");
            return figures;
        }
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(Path.of(System.getProperty("java.io.tmpdir")))) {
            out.println("PostgreSQL 1 node (throwaway server on port " + pg.port() + ", fsync off)");
            PostgresUrl one = pg.createDatabase("bench");
            figures.add(measure("PostgreSQL", 1, o, () -> PostgresDeviceKeyStore.open(one, new KeyWrapper(KEK), new LedgerEventBodies())));
            if (o.nodes() > 1) {
                out.println("PostgreSQL " + o.nodes() + " nodes on one database");
                PostgresUrl shared = pg.createDatabase("bench");
                figures.add(measure("PostgreSQL", o.nodes(), o,
                        () -> PostgresDeviceKeyStore.open(shared, new KeyWrapper(KEK), new LedgerEventBodies())));
            }
        }
        Files.deleteIfExists(o.work().resolve("bench.db"));
        return figures;
    }

    @FunctionalInterface
    interface Opener {
        DeviceKeyStore open() throws StoreException;
    }

    private static Figure measure(String name, int nodes, Options o, Opener opener) throws Exception {
        List<DeviceKeyStore> stores = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            stores.add(opener.open());
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            int perNode = o.devices() / nodes;
            long t0 = System.nanoTime();
            runAll(pool, stores, n -> {
                for (int i = 0; i < perNode; i++) {
                    stores.get(n).registerDevice(id(n, i), new byte[32], "1", key(), i);
                }
            });
            long registered = System.nanoTime() - t0;
            int rotationsPerNode = o.rotations() / nodes;
            long t1 = System.nanoTime();
            runAll(pool, stores, n -> {
                DeviceKeyStore s = stores.get(n);
                SecureRandom random = new SecureRandom();
                for (int r = 0; r < rotationsPerNode; r++) {
                    rotate(s, id(n, r % perNode), random, r);
                }
            });
            long rotated = System.nanoTime() - t1;
            return new Figure(name, nodes, rotationsPerNode * nodes, rotated, registered, perNode * nodes);
        } finally {
            pool.shutdownNow();
            for (DeviceKeyStore s : stores) {
                s.close();
            }
        }
    }

    private static void rotate(DeviceKeyStore s, String id, SecureRandom random, long now) throws StoreException {
        long from = s.device(id).orElseThrow().currentEpoch();
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        PendingOutcome p = s.putPending(new PendingKey(id, from, from + 1, key(), digest, new byte[32], new byte[64], 1, 0, 0), now);
        if (p.status() != PendingOutcome.Status.STORED) {
            throw new IllegalStateException("rotation of " + id + " not stored: " + p.status());
        }
        s.usableKey(id, from + 1, now).orElseThrow().key().destroy();
        if (s.commit(id, from + 1, now, 60_000) != CommitOutcome.COMMITTED) {
            throw new IllegalStateException("rotation of " + id + " not committed");
        }
    }

    @FunctionalInterface
    interface NodeWork {
        void run(int node) throws Exception;
    }

    private static void runAll(ExecutorService pool, List<DeviceKeyStore> stores, NodeWork work) throws Exception {
        List<Future<?>> runs = new ArrayList<>();
        for (int n = 0; n < stores.size(); n++) {
            int node = n;
            runs.add(pool.submit(() -> {
                work.run(node);
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get();
        }
    }

    private static String id(int node, int i) {
        return "n" + node + "-d" + i;
    }

    private static Secret key() {
        byte[] k = new byte[16];
        new SecureRandom().nextBytes(k);
        Secret s = new Secret(k);
        java.util.Arrays.fill(k, (byte) 0);
        return s;
    }

    /** The figures as a Markdown table. */
    public static void printTable(List<Figure> figures, PrintStream out) {
        out.println("| store | nodes | devices | registrations/s | rotations | rotations/s | vs SQLite |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        double sqlite = figures.get(0).rotationsPerSecond();
        for (Figure f : figures) {
            out.println(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %d | %.0f | %.2fx |", f.store(), f.nodes(), f.devices(),
                    f.registrationsPerSecond(), f.rotations(), f.rotationsPerSecond(), f.rotationsPerSecond() / sqlite));
        }
    }
}
