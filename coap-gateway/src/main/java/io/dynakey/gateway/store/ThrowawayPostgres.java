package io.dynakey.gateway.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own in a temporary folder, for tests and for {@code --store postgres}
 * without a URL: {@code initdb} (trust authentication for user {@value #USER}, loopback only),
 * {@code pg_ctl start} on a free loopback port with {@code fsync=off}, and on {@link #close()} a
 * fast stop and the folder deleted. Its data is disposable by design: nothing survives close.
 * PostgreSQL refuses to run as root, so as root every server command runs as user {@code postgres}
 * (via {@code runuser}) and the folder belongs to it. The binaries are found in
 * {@code $DYNAKEY_PG_BIN}, else the newest {@code /usr/lib/postgresql/N/bin}.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    /** The superuser that {@code initdb} creates. */
    public static final String USER = "dk";
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;
    private final Thread stopAtExit;
    private int databases;

    private ThrowawayPostgres(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
        this.stopAtExit = new Thread(this::stopQuietly, "dynakey-pg-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** The folder of PostgreSQL's server binaries ({@code initdb}, {@code pg_ctl}), if installed. */
    public static Optional<Path> binaries() {
        String env = System.getenv("DYNAKEY_PG_BIN");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p.resolve("initdb")) ? Optional.of(p) : Optional.empty();
        }
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Creates a cluster in a new folder under {@code parent} (which the {@code postgres} user must
     * be able to enter; the system temporary folder is) and starts it.
     *
     * @throws IOException if the binaries are absent or the server does not start (with its log's tail)
     */
    public static ThrowawayPostgres start(Path parent) throws IOException {
        Path bin = binaries().orElseThrow(() -> new IOException(
                "PostgreSQL server binaries not found (install Debian's postgresql package, or set DYNAKEY_PG_BIN)"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory(parent, "dynakey-pg-");
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
        }
        Path data = dir.resolve("data");
        ThrowawayPostgres pg = null;
        try {
            run(root, dir, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", USER,
                    "--no-sync", "-E", "UTF8", "--locale=C"));
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                try {
                    run(root, dir, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                            dir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                            "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off"
                                    + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"));
                    pg = new ThrowawayPostgres(bin, dir, port, root);
                    return pg;
                } catch (IOException e) {
                    last = e; // most likely the port was taken between the probe and the start
                }
            }
            throw last;
        } finally {
            if (pg == null) {
                deleteTree(dir);
            }
        }
    }

    /** The folder holding the cluster ({@code data/}) and the server log. */
    public Path directory() {
        return dir;
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    /** The URL of database {@code name} as {@value #USER}. */
    public PostgresUrl url(String name) {
        return PostgresUrl.of("127.0.0.1", port, name, USER);
    }

    /** Creates a new empty database (named {@code prefix_N}) and returns its URL. */
    public synchronized PostgresUrl createDatabase(String prefix) throws SQLException {
        String name = (prefix.replaceAll("[^A-Za-z0-9_]", "_") + "_" + (++databases)).toLowerCase(java.util.Locale.ROOT);
        try (Connection c = PostgresDeviceKeyStore.connect(url("postgres"), "dynakey-admin"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** An administrative connection (auto-commit) to database {@code name}, e.g. to end another session. */
    public Connection admin(String name) throws SQLException {
        Connection c = PostgresDeviceKeyStore.connect(url(name), "dynakey-admin");
        c.setAutoCommit(true);
        return c;
    }

    /** Stops the server (fast: sessions are ended) and deletes its folder. */
    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs anyway
        }
        try {
            run(asPostgres, dir, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "fast", "-w", "stop"));
        } finally {
            deleteTree(dir);
        }
    }

    private void stopQuietly() {
        try {
            run(asPostgres, dir, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "stop"));
        } catch (IOException ignored) {
            // the JVM is exiting; nothing else can be done
        }
        deleteTree(dir);
    }

    private static void run(boolean asPostgres, Path dir, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Path out = Files.createTempFile("dynakey-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                String log = tail(Files.readString(out, StandardCharsets.UTF_8));
                Path serverLog = dir.resolve("server.log");
                if (Files.exists(serverLog)) {
                    log += "\nserver log: " + tail(Files.readString(serverLog, StandardCharsets.UTF_8));
                }
                throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + p.exitValue() + "): " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tail(String s) {
        return s.length() <= 1500 ? s.strip() : s.substring(s.length() - 1500).strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is not worth failing for
        }
    }
}
