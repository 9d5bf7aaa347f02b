package io.dynakey.bench.ledger;

import io.dynakey.device.testing.ChildJvm;
import io.dynakey.device.wire.RotationReason;
import io.dynakey.ledger.Bridge;
import io.dynakey.ledger.event.EventSource;
import io.dynakey.ledger.event.KeyCommitment;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.event.Rotated;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import io.dynakey.ledger.verify.VerifyOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The child JVM of {@link LedgerScaleBench}, run with a small heap:
 * {@code write FILE TOTAL BATCH} appends events up to seq TOTAL through the bridge (starting after
 * what the journal holds); {@code verify FILE CHECKPOINT full|incremental} verifies it. Each prints
 * one line {@code RESULT ok events batches peakHeapBytes millis X}; {@code millis} is the work alone
 * (for {@code write}: after the journal was opened), without JVM start; X is, for {@code write},
 * the milliseconds to open the journal, for {@code verify} the batch it resumed at and then the
 * milliseconds Ed25519's first use took (before the verification, not counted in it).
 */
public final class LedgerScaleMain {

    private LedgerScaleMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        String line;
        if (args[0].equals("write")) {
            long total = Long.parseLong(args[2]);
            int batch = Integer.parseInt(args[3]);
            long t0 = System.nanoTime();
            try (Journal j = Journal.open(file, FsyncPolicy.ON_SYNC)) {
                long opened = System.nanoTime();
                new Bridge(new Source(total), j, batch, 60_000, System::currentTimeMillis).drainAll();
                j.sync();
                long ms = (System.nanoTime() - opened) / 1_000_000;
                line = (j.nextSeq() == total + 1) + " " + (j.nextSeq() - 1) + " " + j.batchCount() + " " + ChildJvm.peakHeapOfThisJvm()
                        + " " + ms + " " + (opened - t0) / 1_000_000;
            }
        } else {
            boolean full = args[3].equals("full");
            // Bouncy Castle's Ed25519 builds its tables on first use, once per process (about a
            // second in a cold JVM here): measured apart from the verification
            long w0 = System.nanoTime();
            new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey();
            long warmMs = (System.nanoTime() - w0) / 1_000_000;
            long t0 = System.nanoTime();
            VerificationReport r = LedgerVerifier.verifyJournal(file,
                    VerifyOptions.of(0).checkpoint(Path.of(args[2]), full));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!r.ok()) {
                System.err.println(r.toText());
            }
            line = r.ok() + " " + r.events() + " " + r.batches() + " " + ChildJvm.peakHeapOfThisJvm() + " " + ms + " " + r.resumedAtBatch()
                    + " " + warmMs;
        }
        System.out.println("RESULT " + line);
    }

    /** Event n is a pure function of n (a rotation of one of 100,000 devices): nothing held in memory. */
    static final class Source implements EventSource {
        private final long total;
        private final byte[] salt = new byte[KeyCommitment.SALT_LENGTH];

        Source(long total) {
            this.total = total;
        }

        @Override
        public List<LedgerEvent> readAfter(long afterSeq, int max) {
            List<LedgerEvent> out = new ArrayList<>();
            for (long s = afterSeq + 1; s <= total && out.size() < max; s++) {
                String dev = "dev-" + (s % 100_000);
                byte[] key = new byte[16];
                long x = s * 0x9E3779B97F4A7C15L;
                for (int i = 0; i < 16; i++) {
                    key[i] = (byte) (x >>> (8 * (i % 8)) ^ i);
                }
                out.add(new LedgerEvent(s, 1_764_000_000_000L + s, new Rotated(dev, s, RotationReason.RISK,
                        (int) (s % 1001), 7, KeyCommitment.of(KeyCommitment.Kind.DEVICE_KEY, salt, dev, s, key))));
            }
            return out;
        }

        @Override
        public void acknowledge(long throughSeq) {
            // nothing to prune
        }
    }
}
