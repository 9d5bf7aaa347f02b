package io.dynakey.bench.gateway;

import io.dynakey.device.crypto.CipherSuite;
import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.crypto.RotationKeyDerivation;
import io.dynakey.device.crypto.X25519KeyAgreement;
import io.dynakey.device.crypto.XWingKem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;

/**
 * The crypto-only limit of rotations: the gateway's cryptography of one rotation (verify the
 * device's Ed25519 signature, make an X25519 key pair, sign the response, agree, hash the
 * transcript, derive the PSK and the confirmation tag), on every core, nothing else. For the
 * hybrid suite the key pair and agreement are one X-Wing encapsulation to the device's X-Wing key,
 * and the messages are as long as that suite's (1,330 and 1,253 bytes).
 */
final class CryptoLimit {

    private CryptoLimit() {
    }

    /**
     * The result.
     *
     * @param perSecond   rotations per second, wall clock, all threads
     * @param cpuMsPerRotation CPU time per rotation, ms (unaffected by other load on the machine)
     */
    record Result(double perSecond, double cpuMsPerRotation) {
    }

    /** Rotations per second of suite 1 over {@code threads} threads for about {@code millis} ms. */
    static Result measure(int threads, long millis) throws InterruptedException {
        return measure(threads, millis, CipherSuite.X25519_ED25519_HKDF_SHA256);
    }

    /** Rotations per second of {@code suite} over {@code threads} threads for about {@code millis} ms. */
    static Result measure(int threads, long millis, int suite) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                loop(stop, done, suite);
                cpuNanos.addAndGet(mx.getCurrentThreadCpuTime());
            }, "bench-crypto-" + t);
            ts.add(th);
        }
        loopOnce(suite);
        long t0 = System.nanoTime();
        ts.forEach(Thread::start);
        Thread.sleep(millis);
        stop.set(true);
        for (Thread th : ts) {
            th.join();
        }
        return new Result(done.get() / ((System.nanoTime() - t0) / 1e9), cpuNanos.get() / 1e6 / done.get());
    }

    private static void loop(AtomicBoolean stop, AtomicLong done, int suite) {
        try {
            State s = new State(suite);
            while (!stop.get()) {
                s.rotation();
                done.incrementAndGet();
            }
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void loopOnce(int suite) {
        try {
            new State(suite).rotation();
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The device's cryptography of one rotation of {@code suite} on one thread, CPU ms (this host's
     * JVM, not a microcontroller: the ratio between the suites is the figure to read): make the key
     * share, sign the request, verify the response, agree or decapsulate, derive the PSK and tag.
     */
    static double deviceCpuMsPerRotation(int suite, long millis) throws CryptoException {
        boolean hybrid = suite == CipherSuite.HYBRID_X25519_MLKEM768;
        Random random = new Random(2);
        java.security.SecureRandom gatewayRandom = new java.security.SecureRandom();
        byte[] identity = new byte[32];
        byte[] identityPub = new byte[32];
        random.nextBytes(identity);
        Ed25519Signatures.publicKey(identity, 0, identityPub, 0);
        byte[] request = new byte[hybrid ? 1330 : 180];
        byte[] response = new byte[hybrid ? 1253 : 200];
        Ed25519Signatures.sign(identity, 0, identityPub, 0, response, 0, response.length - 64, response, response.length - 64);
        byte[] seed = new byte[XWingKem.SEED_LENGTH];
        byte[] pub = new byte[XWingKem.PUBLIC_KEY_LENGTH];
        byte[] ct = new byte[XWingKem.CIPHERTEXT_LENGTH];
        byte[] shared = new byte[32];
        byte[] hash = new byte[32];
        byte[] psk = new byte[16];
        byte[] tag = new byte[16];
        byte[] id = "bench-00001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RotationKeyDerivation kdf = new RotationKeyDerivation();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long end = System.nanoTime() + millis * 1_000_000L;
        long n = 0;
        long excluded = 0;
        while (System.nanoTime() < end || n < 10) {
            random.nextBytes(seed);
            if (hybrid) {
                XWingKem.publicKey(seed, 0, pub, 0);
                long g0 = mx.getCurrentThreadCpuTime(); // the gateway's encapsulation is not the device's cost
                SecretWithEncapsulation enc = new XWingKEMGenerator(gatewayRandom).generateEncapsulated(new XWingPublicKeyParameters(pub));
                System.arraycopy(enc.getEncapsulation(), 0, ct, 0, ct.length);
                excluded += mx.getCurrentThreadCpuTime() - g0;
            } else {
                X25519KeyAgreement.publicKey(seed, 0, pub, 0);
            }
            Ed25519Signatures.sign(identity, 0, identityPub, 0, request, 0, request.length - 64, request, request.length - 64);
            if (!Ed25519Signatures.verify(identityPub, 0, response, 0, response.length - 64, response, response.length - 64)) {
                throw new IllegalStateException("signature");
            }
            if (hybrid) {
                XWingKem.decapsulate(seed, 0, ct, 0, shared, 0);
            } else {
                X25519KeyAgreement.agree(seed, 0, pub, 0, shared, 0);
            }
            kdf.transcriptHash(request, 0, request.length, response, 0, response.length, hash, 0);
            kdf.derivePsk(shared, 0, hash, 0, id, 0, id.length, 0, 1, suite, psk, 0);
            kdf.confirmTag(psk, 0, hash, 0, tag, 0);
            n++;
        }
        return (mx.getCurrentThreadCpuTime() - cpu0 - excluded) / 1e6 / n;
    }

    private static final class State {
        final byte[] devicePriv = new byte[32];
        final byte[] devicePub = new byte[32];
        final byte[] gwPriv = new byte[32];
        final byte[] gwPub = new byte[32];
        final int suite;
        final byte[] request;
        final byte[] response;
        final XWingKEMGenerator encapsulator = new XWingKEMGenerator(new java.security.SecureRandom());
        XWingPublicKeyParameters deviceXWing;
        final byte[] sig = new byte[64];
        final byte[] ephPriv = new byte[32];
        final byte[] ephPub = new byte[32];
        final byte[] peer = new byte[32];
        final byte[] shared = new byte[32];
        final byte[] hash = new byte[32];
        final byte[] psk = new byte[16];
        final byte[] tag = new byte[16];
        final byte[] id = "bench-00001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final RotationKeyDerivation kdf = new RotationKeyDerivation();
        final Random random = new Random(1);

        State(int suite) throws CryptoException {
            this.suite = suite;
            boolean hybrid = suite == CipherSuite.HYBRID_X25519_MLKEM768;
            request = new byte[hybrid ? 1330 : 180];
            response = new byte[hybrid ? 1253 : 200];
            if (hybrid) {
                byte[] seed = new byte[XWingKem.SEED_LENGTH];
                byte[] pub = new byte[XWingKem.PUBLIC_KEY_LENGTH];
                random.nextBytes(seed);
                XWingKem.publicKey(seed, 0, pub, 0);
                deviceXWing = new XWingPublicKeyParameters(pub);
            }
            random.nextBytes(devicePriv);
            random.nextBytes(gwPriv);
            random.nextBytes(request);
            Ed25519Signatures.publicKey(devicePriv, 0, devicePub, 0);
            Ed25519Signatures.publicKey(gwPriv, 0, gwPub, 0);
            Ed25519Signatures.sign(devicePriv, 0, devicePub, 0, request, 0, request.length - 64, request, request.length - 64);
            byte[] p = new byte[32];
            random.nextBytes(p);
            X25519KeyAgreement.publicKey(p, 0, peer, 0);
        }

        void rotation() throws CryptoException {
            if (!Ed25519Signatures.verify(devicePub, 0, request, 0, request.length - 64, request, request.length - 64)) {
                throw new IllegalStateException("signature");
            }
            int signed = response.length - 64;
            if (suite == CipherSuite.HYBRID_X25519_MLKEM768) {
                SecretWithEncapsulation enc = encapsulator.generateEncapsulated(deviceXWing);
                System.arraycopy(enc.getEncapsulation(), 0, response, 0, XWingKem.CIPHERTEXT_LENGTH);
                System.arraycopy(enc.getSecret(), 0, shared, 0, 32);
            } else {
                random.nextBytes(ephPriv);
                X25519KeyAgreement.publicKey(ephPriv, 0, ephPub, 0);
                System.arraycopy(ephPub, 0, response, 0, 32);
                X25519KeyAgreement.agree(ephPriv, 0, peer, 0, shared, 0);
            }
            Ed25519Signatures.sign(gwPriv, 0, gwPub, 0, response, 0, signed, sig, 0);
            System.arraycopy(sig, 0, response, signed, 64);
            kdf.transcriptHash(request, 0, request.length, response, 0, response.length, hash, 0);
            kdf.derivePsk(shared, 0, hash, 0, id, 0, id.length, 0, 1, suite, psk, 0);
            kdf.confirmTag(psk, 0, hash, 0, tag, 0);
        }
    }
}
