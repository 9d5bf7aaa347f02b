package io.dynakey.ledger.ethereum;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;

/**
 * A local Ethereum node for tests and benchmarks: runs the {@code anvil} binary that npm installed
 * into the project's {@code node_modules} on a free loopback port, and stops it on {@link #close()}.
 */
public final class AnvilNode implements AutoCloseable {

    /**
     * anvil's first development account (from its fixed public test mnemonic): it deploys the
     * contract and so is the gateway. Holds only test ether on a throwaway local chain.
     */
    public static final String GATEWAY_DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** anvil's second development account: someone who is not the gateway. */
    public static final String OTHER_DEV_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    /** anvil's chain id. */
    public static final long CHAIN_ID = 31337;

    private final Process process;
    private final Path bin;
    private final int port;
    private final String[] extraArgs;
    private final Path log;

    private AnvilNode(Process process, Path bin, int port, String[] extraArgs, Path log) {
        this.process = process;
        this.bin = bin;
        this.port = port;
        this.extraArgs = extraArgs;
        this.log = log;
    }

    /** The anvil binary under the nearest {@code node_modules} from the working directory up, if any. */
    public static Optional<Path> findBinary() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String platform = (os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux") + "-"
                + (arch.contains("aarch64") || arch.contains("arm64") ? "arm64" : "amd64");
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path nm = dir.resolve("node_modules");
            if (!Files.isDirectory(nm)) {
                continue;
            }
            Path direct = nm.resolve("@foundry-rs/anvil-" + platform + "/bin/anvil");
            if (Files.isExecutable(direct)) {
                return Optional.of(direct);
            }
            Path shim = nm.resolve(".bin/anvil");
            if (Files.isExecutable(shim)) {
                return Optional.of(shim);
            }
        }
        return Optional.empty();
    }

    /** Starts anvil on a free loopback port and waits until it answers JSON-RPC. */
    public static AnvilNode start(String... extraArgs) throws IOException {
        Path bin = findBinary().orElseThrow(() -> new IOException(
                "anvil not found: run `npm install` in the project root (package.json lists @foundry-rs/anvil)"));
        return start(bin, freePort(), extraArgs);
    }

    /** Starts anvil from {@code bin} on {@code port}. */
    public static AnvilNode start(Path bin, int port, String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--quiet"));
        cmd.addAll(List.of(extraArgs));
        Path log = Files.createTempFile("anvil-" + port, ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AnvilNode node = new AnvilNode(p, bin, port, extraArgs.clone(), log);
        node.awaitReady(20_000);
        return node;
    }

    /**
     * Stops this node cleanly (see {@link #close()}: with {@code --state FILE} the file then holds
     * every mined block) and starts a new one with the same binary, port and arguments; returns the
     * new node.
     */
    public AnvilNode restart() throws IOException {
        close();
        return start(bin, port, extraArgs);
    }

    /**
     * Kills this node (SIGKILL: it saves nothing) and starts a new one on the same port from
     * {@code lagging}, a state saved earlier by {@link #dumpState(Path)}: the chain comes back
     * shorter than clients saw it, as a node restored from an old backup does. With
     * {@code --state FILE} the file is replaced by {@code lagging} first.
     */
    public AnvilNode restartFrom(Path lagging) throws IOException {
        kill();
        List<String> args = new ArrayList<>(List.of(extraArgs));
        int i = args.indexOf("--state");
        if (i >= 0) {
            Files.copy(lagging, Paths.get(args.get(i + 1)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
            args.addAll(List.of("--load-state", lagging.toString()));
        }
        AnvilNode next = start(bin, port, args.toArray(new String[0]));
        return i >= 0 ? next : new AnvilNode(next.process, bin, port, extraArgs.clone(), next.log);
    }

    /**
     * Writes the node's whole state (accounts, blocks, transactions) to {@code file} in the form
     * {@code --load-state} and {@code --state} read ({@code anvil_dumpState}). Consistent only while
     * nothing is being mined: anvil reads accounts and blocks at different moments.
     */
    public void dumpState(Path file) throws IOException {
        String hex = rpc("anvil_dumpState").asText();
        byte[] gz = org.web3j.utils.Numeric.hexStringToByteArray(hex);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            Files.write(file, in.readAllBytes());
        }
    }

    /** {@code evm_snapshot}: remembers the chain as it is now; returns the id for {@link #revert}. */
    public String snapshot() throws IOException {
        return rpc("evm_snapshot").asText();
    }

    /**
     * {@code evm_revert}: drops every block mined since the snapshot (which is used up, and so is
     * every later one); false if the id is unknown.
     */
    public boolean revert(String snapshotId) throws IOException {
        return rpc("evm_revert", snapshotId).asBoolean();
    }

    /**
     * {@code anvil_reorg}: replaces the last {@code depth} blocks with as many empty ones: the
     * chain keeps its height, but those blocks get new hashes and lose their transactions.
     */
    public void reorg(int depth) throws IOException {
        rpc("anvil_reorg", depth, List.of());
    }

    /** Mines {@code blocks} empty blocks ({@code anvil_mine}). */
    public void mine(int blocks) throws IOException {
        rpc("anvil_mine", "0x" + Integer.toHexString(blocks));
    }

    /**
     * One JSON-RPC call to this node; returns its {@code result}.
     *
     * @throws IOException if the node is unreachable or answers with an error
     */
    public com.fasterxml.jackson.databind.JsonNode rpc(String method, Object... params) throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var body = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        body.set("params", mapper.valueToTree(List.of(params)));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url()))
                .timeout(java.time.Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        String answer;
        try {
            answer = java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        var json = mapper.readTree(answer);
        if (json.has("error")) {
            throw new IOException(method + " refused: " + json.get("error"));
        }
        return json.get("result");
    }

    /** JSON-RPC URL. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A web3j client for this node with short timeouts (so a stopped node shows quickly). */
    public Web3j client() {
        return client(url(), 3_000);
    }

    /** A web3j client for any URL with the given timeout (see {@link EthereumClients#http}). */
    public static Web3j client(String url, long timeoutMillis) {
        return EthereumClients.http(url, timeoutMillis);
    }

    /** Freezes the node (SIGSTOP): RPC calls time out until {@link #resume()}. */
    public void pause() throws IOException {
        signal("-STOP");
    }

    /** Thaws a paused node (SIGCONT). */
    public void resume() throws IOException {
        signal("-CONT");
    }

    private void signal(String sig) throws IOException {
        try {
            new ProcessBuilder("kill", sig, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Stops the node. With {@code --state FILE} it first stops mining and waits until the latest
     * block stays put, then sends SIGTERM, on which anvil writes the file. Mining while anvil
     * writes gives a file that is both short and inconsistent: anvil writes it the moment the
     * signal arrives but goes on mining and answering for a few milliseconds (receipts of blocks
     * the file lacks), and it reads accounts and blocks at different moments (the state holds a
     * transaction whose block, and so whose logs, the file lacks). A transaction sent after mining
     * stopped waits in the pool and is lost with the node, as on any node that goes down.
     */
    @Override
    public void close() {
        try {
            resume();
        } catch (IOException ignored) {
            // best effort: a node that was never paused needs no SIGCONT
        }
        if (List.of(extraArgs).contains("--state") && process.isAlive()) {
            stopMining();
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    private void stopMining() {
        try {
            rpc("evm_setAutomine", false);
            long last = -1;
            for (int i = 0; i < 50; i++) {
                long now = Long.decode(rpc("eth_blockNumber").asText());
                if (now == last) {
                    return;
                }
                last = now;
                Thread.sleep(20);
            }
        } catch (IOException | RuntimeException e) {
            // a node that does not answer is not mining either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash or power loss: anvil writes no state. */
    private void kill() {
        try {
            resume();
        } catch (IOException ignored) {
            // best effort, as in close()
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    private void awaitReady(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Web3j w = client(url(), 1_000);
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("anvil exited: " + Files.readString(log));
                }
                try {
                    w.ethChainId().send();
                    return;
                } catch (IOException notYet) {
                    if (System.currentTimeMillis() > deadline) {
                        close();
                        throw new IOException("anvil did not answer on " + url() + " within " + timeoutMillis + " ms");
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            }
        } finally {
            w.shutdown();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
