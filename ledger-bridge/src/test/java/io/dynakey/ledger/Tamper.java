package io.dynakey.ledger;

import io.dynakey.ledger.journal.JournalFormat;
import io.dynakey.ledger.journal.JournalRecord;
import io.dynakey.ledger.journal.JournalScan;
import io.dynakey.ledger.merkle.Keccak;
import io.dynakey.ledger.merkle.MerkleTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Edits a journal file the way an attacker with write access would. */
final class Tamper {

    /** What to do to one record's (leaf, event) pairs. */
    interface Edit {
        void apply(List<byte[]> leaves, List<byte[]> events);
    }

    private Tamper() {
    }

    /** Flips one bit in the last byte of event {@code position} of record {@code index}; nothing else changes. */
    static void flipEventByte(Path file, int index, int position) throws IOException {
        byte[] f = Files.readAllBytes(file);
        JournalRecord r = JournalScan.of(f).records().get(index);
        long off = r.offset() + 4 + JournalFormat.BODY_FIXED;
        for (int i = 0; i <= position; i++) {
            off += 34 + r.events().get(i).length;
        }
        f[(int) off - 1] ^= 0x01;
        Files.write(file, f);
    }

    /**
     * Rewrites record {@code index} after {@code edit}; keeps its header, prev hash and root, and
     * recomputes its length and record hash (a careful attacker). With {@code recomputeRoot} the
     * root is recomputed from the new leaves too, and the leaves from the new events.
     */
    static void rewrite(Path file, int index, Edit edit, boolean recomputeRoot) throws IOException {
        byte[] f = Files.readAllBytes(file);
        JournalRecord r = JournalScan.of(f).records().get(index);
        List<byte[]> leaves = new ArrayList<>(r.leaves());
        List<byte[]> events = new ArrayList<>(r.events());
        edit.apply(leaves, events);
        Keccak k = new Keccak();
        byte[] root = r.root();
        if (recomputeRoot) {
            leaves.clear();
            for (byte[] e : events) {
                leaves.add(MerkleTree.leaf(k, e));
            }
            root = MerkleTree.of(leaves).root();
        }
        byte[] rec = JournalFormat.record(r.batchIndex(), r.firstSeq(), recomputeRoot ? events.size() : r.count(),
                r.closedAtMillis(), r.prevHash(), root, leaves, events, k);
        byte[] out = new byte[f.length - r.length() + rec.length];
        System.arraycopy(f, 0, out, 0, (int) r.offset());
        System.arraycopy(rec, 0, out, (int) r.offset(), rec.length);
        System.arraycopy(f, (int) r.offset() + r.length(), out, (int) r.offset() + rec.length,
                f.length - (int) r.offset() - r.length());
        Files.write(file, out);
    }

    /** Cuts the file {@code bytesIntoLastRecord} bytes into its last record (a torn write). */
    static long tearLastRecord(Path file, int bytesIntoLastRecord) throws IOException {
        byte[] f = Files.readAllBytes(file);
        List<JournalRecord> rs = JournalScan.of(f).records();
        JournalRecord last = rs.get(rs.size() - 1);
        long cut = last.offset() + bytesIntoLastRecord;
        byte[] out = new byte[(int) cut];
        System.arraycopy(f, 0, out, 0, out.length);
        Files.write(file, out);
        return last.offset();
    }
}
