package io.dynakey.ledger.journal;

import io.dynakey.ledger.Finding;
import io.dynakey.ledger.Finding.Kind;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.EventFormatException;
import io.dynakey.ledger.merkle.Keccak;
import io.dynakey.ledger.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a journal record by record: header, hash chain, batch order, and inside every batch the
 * events against their seqs, leaves and root; says which batch or event is wrong and how.
 *
 * <p>An instance follows one pass over a journal ({@link #accept} each record in file order, then
 * {@link #finish}); its memory is one bit per batch (to tell a duplicated batch from a reordered
 * one) plus at most {@value #MAX_FINDINGS} findings (the rest are only counted). It can start in
 * the middle of a journal, after a verified checkpoint ({@link #resume}). Not thread-safe.
 */
public final class JournalCheck {

    /** Findings kept per pass; later ones are counted in {@link #omitted()}. */
    public static final int MAX_FINDINGS = 1000;

    private final Keccak k = new Keccak();
    private final List<Finding> findings = new ArrayList<>();
    private final BitSet seenIndexes = new BitSet();
    private long omitted;
    private byte[] prevHash = new byte[32];
    private long expectIndex;
    private long expectSeq = 1;

    /** A check from the first record. */
    public JournalCheck() {
    }

    /**
     * A check that continues after {@code batches} records already verified, the last of which
     * has hash {@code prevHash} and ends before seq {@code nextSeq}.
     */
    public static JournalCheck resume(long batches, long nextSeq, byte[] prevHash) {
        JournalCheck c = new JournalCheck();
        c.expectIndex = batches;
        c.expectSeq = nextSeq;
        c.prevHash = prevHash.clone();
        if (batches > 0) {
            c.seenIndexes.set(0, (int) Math.min(batches, Integer.MAX_VALUE));
        }
        return c;
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

    /** Every finding of a scanned journal, in file order. */
    public static List<Finding> findings(JournalScan scan) {
        JournalCheck c = new JournalCheck();
        if (!scan.headerValid()) {
            c.badHeader(scan.damage());
            return c.findings();
        }
        for (JournalRecord r : scan.records()) {
            c.accept(r);
        }
        c.finish(scan.completeEnd(), scan.fileLength(), scan.tornTail(), scan.damage());
        return c.findings();
    }

    /** Records a bad header (nothing else can be checked). */
    public void badHeader(String why) {
        add(new Finding(Kind.BAD_HEADER, -1, -1, why == null ? "bad header (magic or version)" : why));
    }

    /**
     * Checks the next record; returns how many findings it added (kept or omitted).
     */
    public int accept(JournalRecord r) {
        long before = findings.size() + omitted;
        if (!r.hashMatches()) {
            add(new Finding(Kind.RECORD_MODIFIED, r.batchIndex(), -1,
                    "record at offset " + r.offset() + " does not match its hash"));
        }
        if (r.batchIndex() != expectIndex || !Arrays.equals(r.prevHash(), prevHash)) {
            add(linkFinding(r, expectIndex, expectSeq, seen(r.batchIndex())));
        } else if (r.firstSeq() != expectSeq) {
            add(new Finding(Kind.BATCH_INSERTED, r.batchIndex(), r.firstSeq(),
                    "batch starts at seq " + r.firstSeq() + " where " + expectSeq + " was due"));
        }
        checkContents(r);
        if (r.batchIndex() >= 0 && r.batchIndex() < Integer.MAX_VALUE) {
            seenIndexes.set((int) r.batchIndex());
        }
        prevHash = r.storedHash();
        expectIndex = r.batchIndex() + 1;
        expectSeq = r.firstSeq() + r.count();
        return (int) (findings.size() + omitted - before);
    }

    /**
     * Checks one record on its own (events against leaves, seqs, root; not its place in the
     * chain) and returns what is wrong with it; for a record read out of a pass (a proof).
     */
    public static List<Finding> contentsOf(JournalRecord r) {
        JournalCheck c = new JournalCheck();
        if (!r.hashMatches()) {
            c.add(new Finding(Kind.RECORD_MODIFIED, r.batchIndex(), -1,
                    "record at offset " + r.offset() + " does not match its hash"));
        }
        c.checkContents(r);
        return c.findings();
    }

    /** What follows the complete records: damage or a torn tail. */
    public void finish(long completeEnd, long fileLength, boolean tornTail, String damage) {
        if (damage != null) {
            add(new Finding(Kind.DAMAGED, -1, -1, damage));
        } else if (tornTail) {
            add(new Finding(Kind.TORN_TAIL, -1, -1, (fileLength - completeEnd)
                    + " bytes of an incomplete record at offset " + completeEnd + " (a torn write; cut on next open)"));
        }
    }

    /** The findings kept, in file order. */
    public List<Finding> findings() {
        return findings;
    }

    /** Findings beyond {@link #MAX_FINDINGS}, counted but not kept. */
    public long omitted() {
        return omitted;
    }

    /** The first finding that is not benign, or {@code null}. */
    public Finding firstProblem() {
        for (Finding f : findings) {
            if (!f.benign()) {
                return f;
            }
        }
        return null;
    }

    private void add(Finding f) {
        if (findings.size() < MAX_FINDINGS) {
            findings.add(f);
        } else {
            omitted++;
        }
    }

    private boolean seen(long index) {
        return index >= 0 && index < Integer.MAX_VALUE && seenIndexes.get((int) index);
    }

    private void checkContents(JournalRecord r) {
        checkEvents(r, k, findings);
        while (findings.size() > MAX_FINDINGS) {
            findings.remove(findings.size() - 1);
            omitted++;
        }
    }

    private static Finding linkFinding(JournalRecord r, long expectIndex, long expectSeq, boolean seen) {
        if (seen) {
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
