package io.dynakey.ledger.journal;

import io.dynakey.ledger.Finding;
import io.dynakey.ledger.Finding.Kind;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.EventFormatException;
import io.dynakey.ledger.merkle.Keccak;
import io.dynakey.ledger.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a scanned journal: header, hash chain, batch order, and inside every batch the events
 * against their seqs, leaves and root; says which batch or event is wrong and how.
 */
public final class JournalCheck {

    private JournalCheck() {
    }

    /** The first finding that is not benign, as a sentence, or {@code null} if none. */
    public static String firstProblem(JournalScan scan) {
        for (Finding f : findings(scan)) {
            if (!f.benign()) {
                return f.toString();
            }
        }
        return null;
    }

    /** Every finding, in file order. */
    public static List<Finding> findings(JournalScan scan) {
        List<Finding> out = new ArrayList<>();
        if (!scan.headerValid()) {
            out.add(new Finding(Kind.BAD_HEADER, -1, -1, scan.damage()));
            return out;
        }
        Keccak k = new Keccak();
        byte[] prevHash = new byte[32];
        long expectIndex = 0;
        long expectSeq = 1;
        Set<Long> seenIndexes = new HashSet<>();
        for (JournalRecord r : scan.records()) {
            if (!r.hashMatches()) {
                out.add(new Finding(Kind.RECORD_MODIFIED, r.batchIndex(), -1,
                        "record at offset " + r.offset() + " does not match its hash"));
            }
            if (r.batchIndex() != expectIndex || !Arrays.equals(r.prevHash(), prevHash)) {
                out.add(linkFinding(r, expectIndex, expectSeq, seenIndexes));
            } else if (r.firstSeq() != expectSeq) {
                out.add(new Finding(Kind.BATCH_INSERTED, r.batchIndex(), r.firstSeq(),
                        "batch starts at seq " + r.firstSeq() + " where " + expectSeq + " was due"));
            }
            checkEvents(r, k, out);
            seenIndexes.add(r.batchIndex());
            prevHash = r.storedHash();
            expectIndex = r.batchIndex() + 1;
            expectSeq = r.firstSeq() + r.count();
        }
        if (scan.damage() != null) {
            out.add(new Finding(Kind.DAMAGED, -1, -1, scan.damage()));
        } else if (scan.tornTail()) {
            out.add(new Finding(Kind.TORN_TAIL, -1, -1, (scan.fileLength() - scan.completeEnd())
                    + " bytes of an incomplete record at offset " + scan.completeEnd() + " (a torn write; cut on next open)"));
        }
        return out;
    }

    private static Finding linkFinding(JournalRecord r, long expectIndex, long expectSeq, Set<Long> seen) {
        if (seen.contains(r.batchIndex())) {
            return new Finding(Kind.BATCH_INSERTED, r.batchIndex(), r.firstSeq(),
                    "a second batch " + r.batchIndex() + " appears after batch " + (expectIndex - 1));
        }
        if (r.batchIndex() > expectIndex) {
            return new Finding(Kind.BATCH_REMOVED, expectIndex, expectSeq, "batch " + expectIndex
                    + (r.batchIndex() - expectIndex > 1 ? " to " + (r.batchIndex() - 1) : "")
                    + " missing: seqs " + expectSeq + ".." + (r.firstSeq() - 1) + " are gone");
        }
        if (r.batchIndex() < expectIndex) {
            return new Finding(Kind.BATCHES_REORDERED, r.batchIndex(), r.firstSeq(),
                    "batch " + r.batchIndex() + " appears where batch " + expectIndex + " was due");
        }
        return new Finding(Kind.BATCH_INSERTED, r.batchIndex(), r.firstSeq(),
                "batch " + r.batchIndex() + " does not link to the previous record's hash");
    }

    private static void checkEvents(JournalRecord r, Keccak k, List<Finding> out) {
        int n = r.events().size();
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
            byte[] e = r.events().get(i);
            try {
                seqs[i] = EventCodec.decode(e).seq();
            } catch (EventFormatException ex) {
                seqs[i] = -1;
                out.add(new Finding(Kind.EVENT_MODIFIED, r.batchIndex(), r.firstSeq() + i,
                        "event at position " + i + " is not a valid event (" + ex.getMessage() + ")"));
                continue;
            }
            if (!Arrays.equals(MerkleTree.leaf(k, e), r.leaves().get(i))) {
                out.add(new Finding(Kind.EVENT_MODIFIED, r.batchIndex(), seqs[i],
                        "event seq " + seqs[i] + " does not match the leaf that was anchored for it (event or leaf changed)"));
            }
        }
        checkOrder(r, seqs, out);
        if (!r.leaves().isEmpty() && !Arrays.equals(MerkleTree.of(r.leaves()).root(), r.root())) {
            out.add(new Finding(Kind.ROOT_MISMATCH, r.batchIndex(), -1, "the batch root does not match its leaves"));
        }
        if (r.leaves().isEmpty()) {
            out.add(new Finding(Kind.EVENT_REMOVED, r.batchIndex(), r.firstSeq(), "the batch holds no event"));
        }
    }

    private static void checkOrder(JournalRecord r, long[] seqs, List<Finding> out) {
        long first = r.firstSeq();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < seqs.length; i++) {
            long s = seqs[i];
            if (s < 0) {
                continue;
            }
            if (!seen.add(s) || s < first || s >= first + r.count()) {
                out.add(new Finding(Kind.EVENT_INSERTED, r.batchIndex(), s,
                        "event seq " + s + " at position " + i + " does not belong to batch seqs " + first + ".."
                                + (first + r.count() - 1)));
            }
        }
        for (long s = first; s < first + r.count(); s++) {
            if (!seen.contains(s)) {
                out.add(new Finding(Kind.EVENT_REMOVED, r.batchIndex(), s, "event seq " + s + " is missing"));
            }
        }
        if (seen.size() == seqs.length && seqs.length == r.count()) {
            for (int i = 0; i < seqs.length; i++) {
                if (seqs[i] >= 0 && seqs[i] != first + i) {
                    out.add(new Finding(Kind.EVENTS_REORDERED, r.batchIndex(), first + i,
                            "position " + i + " holds seq " + seqs[i] + " instead of seq " + (first + i)));
                    return;
                }
            }
        }
    }
}
