package io.dynakey.ledger.verify;

import io.dynakey.ledger.Finding;
import io.dynakey.ledger.Finding.Kind;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.EventFormatException;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.ethereum.Anchor;
import io.dynakey.ledger.ethereum.ChainException;
import io.dynakey.ledger.ethereum.LedgerContract;
import io.dynakey.ledger.journal.JournalCheck;
import io.dynakey.ledger.journal.JournalRecord;
import io.dynakey.ledger.journal.JournalReader;
import io.dynakey.ledger.merkle.Keccak;
import io.dynakey.ledger.merkle.MerkleTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Verifies a journal file, or a contract's anchors together with the archive that holds the events;
 * optionally proves one event. Never changes what it reads. Stateless.
 */
public final class LedgerVerifier {

    private static final HexFormat HEX = HexFormat.of();

    private LedgerVerifier() {
    }

    /**
     * Checks every record of a journal file; with {@code seq > 0}, proves that event against its
     * batch root.
     */
    public static VerificationReport verifyJournal(Path file, long seq) throws IOException {
        return verifyJournal(file, seq, null);
    }

    /**
     * As {@link #verifyJournal(Path, long)}, and checks that a head hash pinned earlier (published,
     * printed by a previous verify) is still one of the chain's record hashes: a journal rewritten
     * from before that point, however carefully, no longer contains it.
     */
    public static VerificationReport verifyJournal(Path file, long seq, String pinnedHeadHex) throws IOException {
        String pinned = pinnedHeadHex == null ? null : pinnedHeadHex.replaceFirst("^0x", "");
        Pass pass = new Pass(seq);
        boolean[] pinFound = {false};
        try (JournalReader in = JournalReader.open(file)) {
            pass.run(in, r -> {
                if (pinned != null && HEX.formatHex(r.storedHash()).equalsIgnoreCase(pinned)) {
                    pinFound[0] = true;
                }
                pass.proveIn(r, null, 0, null);
            });
        }
        List<Finding> findings = pass.findings();
        if (pinned != null && !pinFound[0]) {
            findings.add(new Finding(Kind.PINNED_HEAD_MISSING, -1, -1, "the pinned head " + pinnedHeadHex
                    + " is not in the chain: records up to it were rewritten or removed"));
        }
        findings.addAll(pass.proofFindings);
        pass.proofNotFound(findings);
        return new VerificationReport("journal " + file, pass.batches, pass.events, HEX.formatHex(pass.head), findings,
                pass.proof, pass.check.omitted());
    }

    /**
     * Checks the contract's anchor chain (logs against {@code head}) and, if {@code archive} is
     * given, every archived batch and event against the anchored roots; with {@code seq > 0}
     * proves that event against the root on chain (and asks the contract to verify the proof too).
     */
    public static VerificationReport verifyChain(LedgerContract contract, String url, Path archive, long seq)
            throws IOException, ChainException {
        List<Anchor> anchors = contract.anchors(0);
        byte[] head = contract.head();
        long nextSeq = contract.nextSeq();
        List<Finding> chainFindings = new ArrayList<>();
        checkAnchorChain(anchors, head, nextSeq, chainFindings);
        long events = nextSeq - 1;
        Pass pass = new Pass(seq);
        List<Finding> findings = new ArrayList<>(chainFindings);
        if (archive != null) {
            TreeMap<Long, Anchor> bySeq = new TreeMap<>();
            for (Anchor a : anchors) {
                bySeq.put(a.firstSeq(), a);
            }
            List<Finding> comparison = new ArrayList<>();
            try (JournalReader in = JournalReader.open(archive)) {
                pass.run(in, r -> {
                    compareWithChain(r, pass.lastRecordHadEventFindings, bySeq, nextSeq, pass.matched, comparison);
                    pass.proveIn(r, bySeq.containsKey(r.firstSeq()) ? bySeq.get(r.firstSeq()) : null, nextSeq, contract);
                });
            }
            findings.addAll(pass.findings());
            findings.addAll(comparison);
            for (Anchor a : bySeq.values()) {
                if (!pass.matched.contains(a.firstSeq())) {
                    findings.add(new Finding(Kind.EVENT_REMOVED, a.batchIndex(), a.firstSeq(), "the chain anchors batch "
                            + a.batchIndex() + " (seqs " + a.firstSeq() + ".." + (a.firstSeq() + a.count() - 1)
                            + ") but the archive lacks it"));
                }
            }
            findings.addAll(pass.proofFindings);
            pass.proofNotFound(findings);
        } else if (seq > 0) {
            findings.add(new Finding(Kind.ANCHOR_MISSING, -1, seq,
                    "the chain holds roots only: give --journal (the archive) to prove an event"));
        }
        return new VerificationReport("contract " + contract.address() + " at " + url
                + (archive == null ? "" : " with archive " + archive), anchors.size(), events, HEX.formatHex(head),
                findings, pass.proof, pass.check.omitted());
    }

    /**
     * One streaming pass over a journal: every record is checked as it is read and then handed
     * to the caller's step (comparison with the chain, proof); at most one record is in memory.
     */
    private static final class Pass {
        final long seq;
        JournalCheck check = new JournalCheck();
        long batches;
        long events;
        byte[] head = new byte[32];
        long lastRecordOffset = -1;
        long end;
        EventProof proof;
        boolean proofSought;
        boolean lastRecordHadEventFindings;
        final Set<Long> matched = new HashSet<>();
        final List<Finding> proofFindings = new ArrayList<>();

        Pass(long seq) {
            this.seq = seq;
        }

        interface Step {
            void apply(JournalRecord r);
        }

        void run(JournalReader in, Step step) throws IOException {
            if (!in.headerValid()) {
                check.badHeader(in.damage());
                return;
            }
            for (JournalRecord r = in.next(); r != null; r = in.next()) {
                int before = check.findings().size();
                int added = check.accept(r);
                lastRecordHadEventFindings = added > check.findings().size() - before;
                for (int i = before; i < check.findings().size(); i++) {
                    lastRecordHadEventFindings |= check.findings().get(i).kind().name().startsWith("EVENT");
                }
                step.apply(r);
                batches++;
                events += r.events().size();
                head = r.storedHash();
                lastRecordOffset = r.offset();
            }
            end = in.completeEnd();
            check.finish(in.completeEnd(), in.fileLength(), in.tornTail(), in.damage());
        }

        List<Finding> findings() {
            return new ArrayList<>(check.findings());
        }

        /** Proves {@link #seq} if {@code r} holds it (by the seq inside the event). */
        void proveIn(JournalRecord r, Anchor anchor, long nextSeq, LedgerContract contract) {
            if (seq <= 0 || proof != null || seq < r.firstSeq() || seq >= r.firstSeq() + Math.max(r.count(), r.events().size())) {
                return;
            }
            proof = prove(r, seq, anchor, nextSeq, contract, contract != null || anchor != null, proofFindings);
        }

        void proofNotFound(List<Finding> out) {
            if (seq > 0 && proof == null) {
                out.add(new Finding(Kind.EVENT_REMOVED, -1, seq, "event " + seq + " is not in the ledger"));
            }
        }
    }

    private static void checkAnchorChain(List<Anchor> anchors, byte[] head, long nextSeq, List<Finding> out) {
        byte[] h = new byte[32];
        long expectSeq = 1;
        for (int i = 0; i < anchors.size(); i++) {
            Anchor a = anchors.get(i);
            if (a.batchIndex() != i || a.firstSeq() != expectSeq || a.count() < 1) {
                out.add(new Finding(Kind.BATCH_INSERTED, a.batchIndex(), a.firstSeq(),
                        "anchor log " + i + " does not continue the chain (index " + a.batchIndex() + ", first seq "
                                + a.firstSeq() + ", expected " + expectSeq + ")"));
            }
            h = LedgerContract.nextHead(h, a.batchIndex(), a.firstSeq(), a.count(), a.root());
            if (!Arrays.equals(h, a.head())) {
                out.add(new Finding(Kind.ROOT_MISMATCH, a.batchIndex(), a.firstSeq(),
                        "anchor log " + i + " does not hash to the head it reports"));
            }
            expectSeq = a.firstSeq() + a.count();
        }
        if (!Arrays.equals(h, head) || expectSeq != nextSeq) {
            out.add(new Finding(Kind.ROOT_MISMATCH, -1, -1, "the anchor logs do not rebuild the contract's head"));
        }
    }

    /**
     * One archived batch against its anchor. An archived batch without anchor at or after the
     * contract's {@code nextSeq} is {@link Kind#ANCHOR_PENDING} (rolled back or not sent yet: the
     * contract accepts it next); one below {@code nextSeq} is {@link Kind#ANCHOR_MISSING} (the
     * chain covers its seqs with other batches). A chain that contradicts the archive yields
     * tampering findings besides, and those decide the report's status.
     */
    private static void compareWithChain(JournalRecord r, boolean eventFindings, TreeMap<Long, Anchor> bySeq,
                                         long nextSeq, Set<Long> matched, List<Finding> out) {
        Anchor a = bySeq.get(r.firstSeq());
        if (a == null) {
            String seqs = " (seqs " + r.firstSeq() + ".." + (r.firstSeq() + r.count() - 1) + ")";
            if (r.firstSeq() >= nextSeq) {
                out.add(new Finding(Kind.ANCHOR_PENDING, r.batchIndex(), r.firstSeq(), "batch " + r.batchIndex()
                        + seqs + " is not on chain (yet): the chain ends at seq " + (nextSeq - 1)
                        + "; rolled back, re-anchoring pending"));
            } else {
                out.add(new Finding(Kind.ANCHOR_MISSING, r.batchIndex(), r.firstSeq(), "batch " + r.batchIndex()
                        + seqs + " is not anchored on chain"));
            }
            return;
        }
        matched.add(a.firstSeq());
        byte[] actualRoot = rootOfEvents(r);
        if ((a.count() != r.count() || !Arrays.equals(a.root(), actualRoot)) && !eventFindings) {
            out.add(new Finding(Kind.ROOT_MISMATCH, r.batchIndex(), r.firstSeq(), "the events of batch "
                    + r.batchIndex() + " (seqs " + r.firstSeq() + ".." + (r.firstSeq() + a.count() - 1)
                    + ") do not hash to the root anchored on chain: modified, removed, inserted or reordered"));
        }
    }

    private static byte[] rootOfEvents(JournalRecord r) {
        if (r.events().isEmpty()) {
            return new byte[32];
        }
        Keccak k = new Keccak();
        List<byte[]> leaves = new ArrayList<>();
        for (byte[] e : r.events()) {
            leaves.add(MerkleTree.leaf(k, e));
        }
        return MerkleTree.of(leaves).root();
    }

    /**
     * The proof of {@code seq} in record {@code r} (found by the seq inside each event), against
     * the record's root or, {@code onChain}, against {@code a}'s root; {@code null} if the record
     * does not hold it.
     */
    private static EventProof prove(JournalRecord r, long seq, Anchor a, long nextSeq, LedgerContract contract,
                                    boolean onChainMode, List<Finding> findings) {
        for (int i = 0; i < r.events().size(); i++) {
            LedgerEvent e;
            try {
                e = EventCodec.decode(r.events().get(i));
            } catch (EventFormatException ex) {
                continue;
            }
            if (e.seq() != seq) {
                continue;
            }
            Keccak k = new Keccak();
            List<byte[]> leaves = new ArrayList<>();
            for (byte[] ev : r.events()) {
                leaves.add(MerkleTree.leaf(k, ev));
            }
            MerkleTree tree = MerkleTree.of(leaves);
            List<byte[]> proof = tree.proof(i);
            byte[] root = r.root();
            String where = "journal batch " + r.batchIndex() + ", record hash " + HEX.formatHex(r.storedHash());
            Boolean onChain = null;
            if (onChainMode) {
                if (a == null) {
                    boolean pending = r.firstSeq() >= nextSeq;
                    findings.add(new Finding(pending ? Kind.ANCHOR_PENDING : Kind.ANCHOR_MISSING, r.batchIndex(), seq,
                            "event " + seq + "'s batch is not anchored on chain"
                                    + (pending ? " (yet): rolled back, re-anchoring pending" : "")));
                    root = new byte[32];
                    where = "no anchor";
                } else {
                    root = a.root();
                    where = "contract batch " + a.batchIndex() + ", block " + a.blockNumber();
                    try {
                        onChain = contract.verifyProof(proof, root, leaves.get(i));
                    } catch (ChainException ex) {
                        onChain = null;
                    }
                }
            }
            boolean ok = MerkleTree.verify(proof, root, leaves.get(i)) && (onChainMode || r.hashMatches());
            List<String> proofHex = new ArrayList<>();
            for (byte[] p : proof) {
                proofHex.add(HEX.formatHex(p));
            }
            return new EventProof(seq, r.batchIndex(), e.body().toString() + " at " + e.timeMillis() + " ms",
                    HEX.formatHex(leaves.get(i)), proofHex, HEX.formatHex(root), where, ok, onChain);
        }
        return null;
    }
}
