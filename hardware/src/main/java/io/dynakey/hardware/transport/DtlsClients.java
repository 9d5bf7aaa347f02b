package io.dynakey.hardware.transport;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * Shared resources of many simulated devices' DTLS clients: one Californium configuration and
 * a few threads for all of them (each device still has its own UDP socket, DTLS session and
 * CoAP endpoint, as a real device would). Thread-safe; close it after every transport.
 *
 * <pre>{@code
 * try (DtlsClients clients = DtlsClients.create(DtlsClients.Options.defaults())) {
 *     DtlsTransport t = clients.connect(new InetSocketAddress("127.0.0.1", 5684));
 *     t.usePsk(identity, identity.length, psk, psk.length);
 *     int n = t.request(Transport.METHOD_POST, path, path.length, body, 0, body.length, resp, 0, resp.length);
 * }
 * }</pre>
 */
public final class DtlsClients implements AutoCloseable {

    /**
     * Client tuning.
     *
     * @param responseTimeoutMs how long {@link DtlsTransport#request} waits for a response (ms)
     * @param ackTimeoutMs      CoAP ACK_TIMEOUT (ms); retransmissions follow RFC 7252
     * @param maxRetransmit     CoAP MAX_RETRANSMIT
     * @param threads           worker threads shared by all clients
     * @param ecdhePsk          offer the ECDHE-PSK suite first (forward secrecy) instead of plain PSK
     */
    public record Options(long responseTimeoutMs, long ackTimeoutMs, int maxRetransmit, int threads, boolean ecdhePsk) {

        /** 10 s response timeout, 1 s ACK timeout, 3 retransmissions, 2 threads, plain PSK. */
        public static Options defaults() {
            return new Options(10_000, 1_000, 3, 2, false);
        }

        /** The same options with a different response timeout. */
        public Options withResponseTimeout(long ms) {
            return new Options(ms, ackTimeoutMs, maxRetransmit, threads, ecdhePsk);
        }

        /** The same options offering ECDHE-PSK. */
        public Options withEcdhePsk(boolean on) {
            return new Options(responseTimeoutMs, ackTimeoutMs, maxRetransmit, threads, on);
        }
    }

    /**
     * How CoAP and the DTLS handshake retransmit: timeouts, random factor, back-off scale and counts.
     * Each field maps to one Californium/Scandium setting ({@code CoapConfig.ACK_TIMEOUT},
     * {@code ACK_INIT_RANDOM}, {@code ACK_TIMEOUT_SCALE}, {@code MAX_RETRANSMIT};
     * {@code DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT}, {@code DTLS_RETRANSMISSION_TIMEOUT_SCALE},
     * {@code DTLS_MAX_RETRANSMISSIONS}).
     *
     * @param ackTimeoutMs       CoAP ACK_TIMEOUT, ms (&gt;= 1)
     * @param ackRandomFactor    CoAP ACK_RANDOM_FACTOR (&gt;= 1.0)
     * @param ackTimeoutScale    back-off factor between CoAP retransmissions (&gt;= 1.0; RFC 7252: 2)
     * @param maxRetransmit      CoAP MAX_RETRANSMIT (&gt;= 0)
     * @param dtlsTimeoutMs      initial DTLS flight retransmission timeout, ms (&gt;= 1)
     * @param dtlsTimeoutScale   back-off factor between DTLS flight retransmissions (&gt;= 1.0)
     * @param dtlsMaxRetransmissions DTLS flight retransmissions before the handshake fails (&gt;= 0)
     */
    public record Retransmission(long ackTimeoutMs, double ackRandomFactor, double ackTimeoutScale, int maxRetransmit,
                                 long dtlsTimeoutMs, double dtlsTimeoutScale, int dtlsMaxRetransmissions) {

        /** Validates the bounds above. */
        public Retransmission {
            if (ackTimeoutMs < 1 || dtlsTimeoutMs < 1) {
                throw new IllegalArgumentException("retransmission timeouts must be >= 1 ms");
            }
            if (!(ackRandomFactor >= 1.0) || !(ackTimeoutScale >= 1.0) || !(dtlsTimeoutScale >= 1.0)) {
                throw new IllegalArgumentException("random factor and back-off scales must be >= 1.0");
            }
            if (maxRetransmit < 0 || dtlsMaxRetransmissions < 0) {
                throw new IllegalArgumentException("retransmission counts must be >= 0");
            }
        }

        /**
         * Californium 3.14's and Scandium's own defaults: ACK_TIMEOUT 2 s, random factor 1.5, back-off 2,
         * MAX_RETRANSMIT 4; DTLS flights 2 s, back-off 2, 4 retransmissions.
         */
        public static Retransmission californiumDefaults() {
            return new Retransmission(2_000, 1.5, 2.0, 4, 2_000, 2.0, 4);
        }

        /**
         * The longest a CON request can wait for its answer under these settings, ms (RFC 7252's
         * MAX_TRANSMIT_WAIT generalised to the back-off scale): the sum of every retransmission
         * interval at the largest random factor, plus one more interval for the last answer.
         */
        public long maxTransmitWaitMs() {
            double wait = 0;
            double interval = ackTimeoutMs * ackRandomFactor;
            for (int i = 0; i <= maxRetransmit; i++) {
                wait += interval;
                interval *= ackTimeoutScale;
            }
            return (long) Math.ceil(wait);
        }
    }

    private final Options options;
    private final Configuration configuration;
    private final ScheduledExecutorService main;
    private final ScheduledExecutorService secondary;
    private final ExecutorService dtls;

    private DtlsClients(Options options, boolean reassembleBlocks) {
        this(options, reassembleBlocks, null);
    }

    private DtlsClients(Options options, boolean reassembleBlocks, Retransmission retransmission) {
        this.options = options;
        CoapConfig.register();
        DtlsConfig.register();
        UdpConfig.register();
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        c.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        c.set(DtlsConfig.DTLS_CIPHER_SUITES, options.ecdhePsk()
                ? List.of(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                : List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8));
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 16);
        // accept a connection id from the server (RFC 9146) and send it in every record, using none for
        // ourselves: a gateway cluster routes a record to the node that owns its connection by that id
        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        c.set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, 64 * 1024);
        c.set(DtlsConfig.DTLS_SEND_BUFFER_SIZE, 64 * 1024);
        c.set(CoapConfig.ACK_TIMEOUT, (int) options.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        c.set(CoapConfig.MAX_RETRANSMIT, options.maxRetransmit());
        if (retransmission != null) {
            c.set(CoapConfig.ACK_TIMEOUT, (int) retransmission.ackTimeoutMs(), TimeUnit.MILLISECONDS);
            c.set(CoapConfig.ACK_INIT_RANDOM, (float) retransmission.ackRandomFactor());
            c.set(CoapConfig.ACK_TIMEOUT_SCALE, (float) retransmission.ackTimeoutScale());
            c.set(CoapConfig.MAX_RETRANSMIT, retransmission.maxRetransmit());
            c.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, (int) retransmission.dtlsTimeoutMs(), TimeUnit.MILLISECONDS);
            c.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT_SCALE, (float) retransmission.dtlsTimeoutScale());
            c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, retransmission.dtlsMaxRetransmissions());
        }
        // 0 turns Californium's transparent block-wise handling off: each block reaches the caller as it came
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, reassembleBlocks ? 1 << 20 : 0);
        c.set(CoapConfig.PREFERRED_BLOCK_SIZE, 512);
        c.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        this.configuration = c;
        AtomicInteger n = new AtomicInteger();
        this.main = Executors.newScheduledThreadPool(options.threads(), r -> daemon(r, "dtls-client-" + n.incrementAndGet()));
        this.secondary = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dtls-client-timer"));
        this.dtls = Executors.newFixedThreadPool(options.threads(), r -> daemon(r, "dtls-client-hs-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Shared client resources with {@code options}. */
    public static DtlsClients create(Options options) {
        return new DtlsClients(options, true);
    }

    /**
     * Shared client resources with {@code options} whose CoAP and DTLS retransmission follow
     * {@code retransmission} (its CoAP fields win over the ACK timeout and count in {@code options}).
     */
    public static DtlsClients create(Options options, Retransmission retransmission) {
        if (retransmission == null) {
            throw new IllegalArgumentException("retransmission settings are required");
        }
        return new DtlsClients(options, true, retransmission);
    }

    /**
     * Shared client resources that do not reassemble block-wise bodies: each response block (and
     * each request block) is exchanged as the caller built it. For clients that play block-wise by
     * hand, such as attack tests.
     */
    public static DtlsClients createBlockByBlock(Options options) {
        return new DtlsClients(options, false);
    }

    /** A new transport (own socket on an ephemeral loopback/any port) to the gateway at {@code gateway}. */
    public DtlsTransport connect(InetSocketAddress gateway) {
        return new DtlsTransport(this, gateway);
    }

    /** The options these clients were created with. */
    public Options options() {
        return options;
    }

    Configuration configuration() {
        return configuration;
    }

    ScheduledExecutorService mainExecutor() {
        return main;
    }

    ScheduledExecutorService secondaryExecutor() {
        return secondary;
    }

    ExecutorService dtlsExecutor() {
        return dtls;
    }

    /** Stops the shared threads; close every transport first. */
    @Override
    public void close() {
        main.shutdownNow();
        secondary.shutdownNow();
        dtls.shutdownNow();
    }
}
