package io.dynakey.console.web;

import io.dynakey.ledger.Finding;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The ledger journal's last verification ({@link LedgerVerifier#verifyJournal}), run on first
 * request and again when the operator asks. One verification at a time. Thread-safe.
 */
public final class LedgerStatus {

    /** The result shown: status, sizes, head and the first findings (as text). */
    public record Result(String journal, String status, long batches, long events, String headHex, List<String> findings,
                         long verifiedAtMs, long tookMs) {
    }

    private final Path journal;
    private final LongSupplier clock;
    private volatile Result last;

    public LedgerStatus(Path journal, LongSupplier clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * An event's inclusion proof checked against the journal.
     *
     * @param verified whether the Merkle proof folds into the batch root the journal chains
     * @param message  what was found, for the page
     */
    public record Proof(long seq, boolean verified, long batchIndex, String rootHex, int pathLength, String message) {
    }

    /** Checks the inclusion proof of event {@code seq} ({@link LedgerVerifier#verifyJournal(Path, long)}). */
    public synchronized Proof proof(long seq) {
        if (journal == null || !Files.exists(journal)) {
            return new Proof(seq, false, -1, "", 0, "no journal to check against (gateway.console.journal)");
        }
        try {
            VerificationReport v = LedgerVerifier.verifyJournal(journal, seq);
            io.dynakey.ledger.verify.EventProof p = v.proof();
            if (p == null) {
                return new Proof(seq, false, -1, "", 0, "event " + seq + " is not in the journal (not anchored yet)");
            }
            return new Proof(seq, p.verified(), p.batchIndex(), p.rootHex(), p.proofHex().size(), p.verified()
                    ? "event " + seq + " is in batch " + p.batchIndex() + ": its proof folds into the root " + p.anchoredIn()
                    : "event " + seq + ": the proof does NOT fold into the batch root");
        } catch (IOException | RuntimeException e) {
            return new Proof(seq, false, -1, "", 0, "the journal cannot be read: " + e.getMessage());
        }
    }

    /** The last result, verifying once if there is none yet. */
    public Result current() {
        Result r = last;
        return r != null ? r : verify();
    }

    /** Verifies the journal now. */
    public synchronized Result verify() {
        long t0 = System.nanoTime();
        long now = clock.getAsLong();
        Result r;
        if (journal == null) {
            r = new Result(null, "NO_JOURNAL", 0, 0, "", List.of("no journal configured (gateway.console.journal)"), now, 0);
        } else if (!Files.exists(journal)) {
            r = new Result(journal.toString(), "NO_JOURNAL", 0, 0, "", List.of("the journal does not exist yet"), now, 0);
        } else {
            try {
                VerificationReport v = LedgerVerifier.verifyJournal(journal, 0);
                List<String> findings = new ArrayList<>();
                for (Finding f : v.findings()) {
                    if (findings.size() == 20) {
                        break;
                    }
                    findings.add(f.kind() + " batch " + f.batchIndex() + " seq " + f.seq() + ": " + f.message());
                }
                r = new Result(journal.toString(), v.status().name(), v.batches(), v.events(), v.headHex(), findings, now,
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                r = new Result(journal.toString(), "UNREADABLE", 0, 0, "", List.of(String.valueOf(e.getMessage())), now,
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
        last = r;
        return r;
    }
}
