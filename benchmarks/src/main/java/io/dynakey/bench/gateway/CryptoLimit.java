package io.dynakey.bench.gateway;

import io.dynakey.device.crypto.CryptoException;
import io.dynakey.device.crypto.Ed25519Signatures;
import io.dynakey.device.crypto.RotationKeyDerivation;
import io.dynakey.device.crypto.X25519KeyAgreement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crypto-only limit of rotations: the gateway's cryptography of one rotation (verify the
 * device's Ed25519 signature, make an X25519 key pair, sign the response, agree, hash the
 * transcript, derive the PSK and the confirmation tag), on every core, nothing else.
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

    /** Rotations per second over {@code threads} threads for about {@code millis} ms. */
    static Result measure(int threads, long millis) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                loop(stop, done);
                cpuNanos.addAndGet(mx.getCurrentThreadCpuTime());
            }, "bench-crypto-" + t);
            ts.add(th);
        }
        loopOnce();
        long t0 = System.nanoTime();
        ts.forEach(Thread::start);
        Thread.sleep(millis);
        stop.set(true);
        for (Thread th : ts) {
            th.join();
        }
        return new Result(done.get() / ((System.nanoTime() - t0) / 1e9), cpuNanos.get() / 1e6 / done.get());
    }

    private static void loop(AtomicBoolean stop, AtomicLong done) {
        try {
            State s = new State();
            while (!stop.get()) {
                s.rotation();
                done.incrementAndGet();
            }
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void loopOnce() {
        try {
            new State().rotation();
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class State {
        final byte[] devicePriv = new byte[32];
        final byte[] devicePub = new byte[32];
        final byte[] gwPriv = new byte[32];
        final byte[] gwPub = new byte[32];
        final byte[] request = new byte[180];
        final byte[] response = new byte[200];
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

        State() throws CryptoException {
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
            random.nextBytes(ephPriv);
            X25519KeyAgreement.publicKey(ephPriv, 0, ephPub, 0);
            System.arraycopy(ephPub, 0, response, 0, 32);
            Ed25519Signatures.sign(gwPriv, 0, gwPub, 0, response, 0, 136, sig, 0);
            System.arraycopy(sig, 0, response, 136, 64);
            X25519KeyAgreement.agree(ephPriv, 0, peer, 0, shared, 0);
            kdf.transcriptHash(request, 0, request.length, response, 0, response.length, hash, 0);
            kdf.derivePsk(shared, 0, hash, 0, id, 0, id.length, 0, 1, 1, psk, 0);
            kdf.confirmTag(psk, 0, hash, 0, tag, 0);
        }
    }
}
