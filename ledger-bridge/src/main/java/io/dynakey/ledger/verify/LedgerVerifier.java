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
import io.dynakey.ledger.journal.JournalHead;
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
 * optionally proves one event. Reads the journal one record at a time (bounded memory) and, with a
 * checkpoint ({@link VerifyOptions#checkpoint()}), only what follows the last verified record.
 * Changes nothing it verifies; writes only the checkpoint, and only when asked. Stateless.
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
        return verifyJournal(file, VerifyOptions.of(seq));
    }

    /**
     * As {@link #verifyJournal(Path, long)}, and checks that a head hash pinned earlier (published,
     * printed by a previous verify) is still one of the chain's record hashes: a journal rewritten
     * from before that point, however carefully, no longer contains it.
     */
    public static VerificationReport verifyJournal(Path file, long seq, String pinnedHeadHex) throws IOException {
        return verifyJournal(file, VerifyOptions.of(seq).pinnedHead(pinnedHeadHex));
    }

    /** Verifies a journal file as {@code o} asks (proof, pinned head, checkpoint). */
    public static VerificationReport verifyJournal(Path file, VerifyOptions o) throws IOException {
        String pinned = o.pinnedHeadHex() == null ? null : o.pinnedHeadHex().replaceFirst("^0x", "");
        Path keyFile = o.keyFile() != null ? o.keyFile() : io.dynakey.ledger.journal.LedgerKey.defaultFile(file);
        List<Finding> findings = new ArrayList<>();
        Pass pass = new Pass(o.seq());
        boolean[] pinFound = {false};
        Checkpoint cp = null;
        List<Finding> headFindings = new ArrayList<>();
        JournalHead signedHead = signedHead(file, keyFile, headFindings);
        byte[][] headSeen = {null};
        try (JournalReader in = JournalReader.open(file)) {
            if (pinned == null) {
                cp = usableCheckpoint(o, keyFile, "journal", in, findings);
            }
            if (cp != null && o.seq() > 0 && o.seq() < cp.nextSeq()) {
                cp = null; // a proof of an event before the checkpoint reads the journal from the start
            }
            if (cp != null) {
                pass.resume(cp, in);
            }
            pass.run(in, r -> {
                if (pinned != null && HEX.formatHex(r.storedHash()).equalsIgnoreCase(pinned)) {
                    pinFound[0] = true;
                }
                if (signedHead != null && r.batchIndex() == signedHead.batches() - 1 && headSeen[0] == null) {
                    headSeen[0] = r.storedHash();
                }
                pass.proveIn(r, null, 0, null);
            });
            if (signedHead != null && headSeen[0] == null && cp != null && signedHead.batches() <= cp.batches()
                    && signedHead.batches() > 0) {
                // the head names a record before the checkpoint: read just that one
                JournalRecord r = in.recordAt(signedHead.recordOffset());
                if (r != null && r.batchIndex() == signedHead.batches() - 1) {
                    headSeen[0] = r.storedHash();
                }
            }
        }
        if (signedHead != null) {
            compareWithHead(signedHead, headSeen[0], pass.batches, headFindings);
        }
        findings.addAll(pass.findings());
        if (pinned != null && !pinFound[0]) {
            findings.add(new Finding(Kind.PINNED_HEAD_MISSING, -1, -1, "the pinned head " + o.pinnedHeadHex()
                    + " is not in the chain: records up to it were rewritten or removed"));
        }
        findings.addAll(headFindings);
        findings.addAll(pass.proofFindings);
        pass.proofNotFound(findings);
        VerificationReport report = new VerificationReport("journal " + file, pass.batches, pass.events,
                HEX.formatHex(pass.head), findings, pass.proof, pass.check.omitted(), cp == null ? -1 : cp.batches());
        if (o.checkpoint() != null && report.status() == VerificationReport.Status.INTACT && pass.batches > 0
                && canSign(keyFile)) {
            new Checkpoint("journal", pass.batches, pass.nextSeq, pass.events, pass.lastRecordOffset, pass.end,
                    pass.head, null, -1, null, System.currentTimeMillis())
                    .write(o.checkpoint(), io.dynakey.ledger.journal.LedgerKey.loadOrCreate(keyFile));
        }
        return report;
    }

    /**
     * The journal's signed head if its file is there and signed by the ledger key; else
     * {@code null} with a {@link Kind#HEAD_MISSING} or {@link Kind#HEAD_SIGNATURE_BAD} finding.
     */
    private static JournalHead signedHead(Path journal, Path keyFile, List<Finding> out) {
        Path file = JournalHead.defaultFile(journal);
        if (!java.nio.file.Files.exists(file)) {
            out.add(new Finding(Kind.HEAD_MISSING, -1, -1, "there is no signed head " + file
                    + ": a rewritten or truncated tail cannot be told from an intact one"));
            return null;
        }
        try {
            if (!java.nio.file.Files.exists(keyFile)) {
                out.add(new Finding(Kind.HEAD_SIGNATURE_BAD, -1, -1, "there is no ledger key at " + keyFile
                        + " to check the signed head " + file + " with (give --key FILE)"));
                return null;
            }
            return JournalHead.read(file, io.dynakey.ledger.journal.LedgerKey.loadPublic(keyFile));
        } catch (IOException e) {
            out.add(new Finding(Kind.HEAD_SIGNATURE_BAD, -1, -1, e.getMessage()));
            return null;
        }
    }

    /** The journal against its signed head: the record the head names must be there, with its hash. */
    private static void compareWithHead(JournalHead h, byte[] seenHash, long batches, List<Finding> out) {
        if (h.batches() == 0) {
            return;
        }
        long last = h.batches() - 1;
        String when = " (signed at " + java.time.Instant.ofEpochMilli(h.writtenAtMillis()) + ")";
        if (seenHash == null) {
            out.add(new Finding(Kind.TAIL_TRUNCATED, last, h.nextSeq() - 1, "the journal ends at batch " + (batches - 1)
                    + " but its signed head names batch " + last + " (seqs up to " + (h.nextSeq() - 1) + ")" + when
                    + ": its tail was cut off"));
        } else if (!Arrays.equals(seenHash, h.recordHash())) {
            out.add(new Finding(Kind.TAIL_REWRITTEN, last, -1, "batch " + last + " has hash " + HEX.formatHex(seenHash)
                    + " but its signed head names " + HEX.formatHex(h.recordHash()) + when
                    + ": the journal was rewritten up to there"));
        }
    }

    /**
     * Checks the contract's anchor chain (logs against {@code head}) and, if {@code archive} is
     * given, every archived batch and event against the anchored roots; with {@code seq > 0}
     * proves that event against the root on chain (and asks the contract to verify the proof too).
     */
    public static VerificationReport verifyChain(LedgerContract contract, String url, Path archive, long seq)
            throws IOException, ChainException {
        return verifyChain(contract, url, archive, VerifyOptions.of(seq));
    }

    /**
     * As {@link #verifyChain(LedgerContract, String, Path, long)}, as {@code o} asks; a checkpoint
     * needs the archive. From a checkpoint the {@code Anchored} logs are read from the block of its
     * last anchor on (in pages of {@link LedgerContract#LOG_PAGE_BLOCKS} blocks), and the archive
     * from the record after it.
     */
    public static VerificationReport verifyChain(LedgerContract contract, String url, Path archive, VerifyOptions o)
            throws IOException, ChainException {
        long seq = o.seq();
        String source = "contract " + contract.address().toLowerCase(java.util.Locale.ROOT);
        Path keyFile = o.keyFile() != null ? o.keyFile()
                : archive == null ? null : io.dynakey.ledger.journal.LedgerKey.defaultFile(archive);
        List<Finding> findings = new ArrayList<>();
        Pass pass = new Pass(seq);
        JournalReader in = archive == null ? null : JournalReader.open(archive);
        try {
            Checkpoint cp = in == null || keyFile == null || (seq > 0 && o.full()) ? null
                    : usableCheckpoint(o, keyFile, source, in, findings);
            if (cp != null && seq > 0 && seq < cp.nextSeq()) {
                cp = null;
            }
            List<Anchor> anchors = cp == null ? null : anchorsAfter(contract, cp, findings);
            if (anchors == null) {
                cp = null;
                anchors = contract.anchors(0);
            }
            byte[] head = contract.head();
            long nextSeq = contract.nextSeq();
            if (cp == null) {
                checkAnchorChain(anchors, new byte[32], 0, 1, head, nextSeq, findings);
            } else {
                checkAnchorChain(anchors, cp.chainHead(), cp.batches(), cp.nextSeq(), head, nextSeq, findings);
            }
            long anchorCount = (cp == null ? 0 : cp.batches()) + anchors.size();
            if (in == null) {
                if (seq > 0) {
                    findings.add(new Finding(Kind.ANCHOR_MISSING, -1, seq,
                            "the chain holds roots only: give --journal (the archive) to prove an event"));
                }
                return new VerificationReport(source + " at " + url, anchorCount, nextSeq - 1, HEX.formatHex(head),
                        findings, null, 0, -1);
            }
            TreeMap<Long, Anchor> bySeq = new TreeMap<>();
            for (Anchor a : anchors) {
                bySeq.put(a.firstSeq(), a);
            }
            if (cp != null) {
                pass.resume(cp, in);
            }
            List<Finding> comparison = new ArrayList<>();
            pass.run(in, r -> {
                compareWithChain(r, pass.lastRecordHadEventFindings, bySeq, nextSeq, pass.matched, comparison);
                pass.proveIn(r, bySeq.get(r.firstSeq()), nextSeq, contract);
            });
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
            VerificationReport report = new VerificationReport(source + " at " + url + " with archive " + archive,
                    anchorCount, nextSeq - 1, HEX.formatHex(head), findings, pass.proof, pass.check.omitted(),
                    cp == null ? -1 : cp.batches());
            Anchor last = anchors.isEmpty() ? null : anchors.get(anchors.size() - 1);
            if (o.checkpoint() != null && report.status() == VerificationReport.Status.INTACT && pass.batches > 0
                    && pass.batches == anchorCount && (last != null || cp != null) && canSign(keyFile)) {
                new Checkpoint(source, pass.batches, pass.nextSeq, pass.events, pass.lastRecordOffset, pass.end, pass.head,
                        last == null ? cp.chainHead() : last.head(), last == null ? cp.block() : last.blockNumber(),
                        last == null ? cp.blockHash() : last.blockHash(), System.currentTimeMillis())
                        .write(o.checkpoint(), io.dynakey.ledger.journal.LedgerKey.loadOrCreate(keyFile));
            }
            return report;
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }

    /** False if {@code keyFile} holds a public key only: checkpoints are then read, not written. */
    private static boolean canSign(Path keyFile) throws IOException {
        return !java.nio.file.Files.exists(keyFile) || !io.dynakey.ledger.journal.LedgerKey.isPublicOnly(keyFile);
    }

    /**
     * The checkpoint of {@code o} if it is signed by the ledger key, is one of {@code source}
     * and the journal still holds the record it names, unchanged; else {@code null}, with a
     * {@link Kind#CHECKPOINT_MISMATCH} finding unless there is no checkpoint yet (or {@code full}).
     */
    private static Checkpoint usableCheckpoint(VerifyOptions o, Path keyFile, String source, JournalReader in,
                                               List<Finding> out) {
        Path file = o.checkpoint();
        if (file == null || o.full() || !java.nio.file.Files.exists(file)) {
            return null;
        }
        String problem;
        Checkpoint cp = null;
        try {
            io.dynakey.ledger.journal.SignedFields f = io.dynakey.ledger.journal.SignedFields.read(file, Checkpoint.KIND,
                    Checkpoint.VERSION);
            byte[] expected = java.nio.file.Files.exists(keyFile)
                    ? io.dynakey.ledger.journal.LedgerKey.loadPublic(keyFile) : null;
            cp = Checkpoint.of(f);
            if (expected == null) {
                problem = "there is no ledger key at " + keyFile + " to check its signature with";
            } else if (!f.signedOk()) {
                problem = "its signature does not verify (forged or changed)";
            } else if (!f.signedBy(expected)) {
                problem = "it is signed by another key (public " + HEX.formatHex(f.publicKey()) + "), not the ledger key "
                        + HEX.formatHex(expected);
            } else if (!cp.source().equals(source)) {
                problem = "it is a checkpoint of " + cp.source() + ", not of " + source;
            } else {
                problem = recordProblem(cp, in);
            }
        } catch (IOException e) {
            problem = "it cannot be read: " + e.getMessage();
        }
        if (problem == null) {
            return cp;
        }
        out.add(new Finding(Kind.CHECKPOINT_MISMATCH, cp == null ? -1 : cp.batches() - 1, -1, "the checkpoint " + file
                + " is not trusted: " + problem + "; verified in full instead"));
        return null;
    }

    /** Why the journal does not hold the checkpoint's last record as it was verified, or {@code null}. */
    private static String recordProblem(Checkpoint cp, JournalReader in) throws IOException {
        if (!in.headerValid()) {
            return "the journal's header is bad";
        }
        if (cp.batches() < 1 || cp.recordOffset() < 0) {
            return "it names no record";
        }
        JournalRecord r = in.recordAt(cp.recordOffset());
        if (r == null) {
            return "the journal (" + in.fileLength() + " bytes) holds no complete record at offset " + cp.recordOffset()
                    + " where batch " + (cp.batches() - 1) + " was verified: truncated or rewritten before it";
        }
        if (r.batchIndex() != cp.batches() - 1 || !Arrays.equals(r.storedHash(), cp.recordHash()) || !r.hashMatches()
                || r.firstSeq() + r.count() != cp.nextSeq() || r.offset() + r.length() != cp.endOffset()) {
            return "the record at offset " + cp.recordOffset() + " (batch " + r.batchIndex() + ", hash "
                    + HEX.formatHex(r.storedHash()) + ") is not the verified batch " + (cp.batches() - 1) + " (hash "
                    + HEX.formatHex(cp.recordHash()) + "): the journal was rewritten before the checkpoint";
        }
        List<Finding> changed = JournalCheck.contentsOf(r);
        if (!changed.isEmpty()) {
            return "the verified batch " + r.batchIndex() + " has changed since (" + changed.get(0) + ")";
        }
        return null;
    }

    /**
     * The anchors after the checkpoint's last one, read from its block on; {@code null} (verify
     * in full) with a finding if the chain no longer holds that block or that anchor.
     */
    private static List<Anchor> anchorsAfter(LedgerContract contract, Checkpoint cp, List<Finding> out)
            throws ChainException {
        if (cp.chainHead() == null || cp.block() < 0 || cp.blockHash() == null) {
            out.add(new Finding(Kind.CHECKPOINT_MISMATCH, cp.batches() - 1, -1,
                    "the checkpoint names no anchor on chain; verified in full instead"));
            return null;
        }
        String hash = contract.blockHash(cp.block());
        if (hash == null || !hash.equalsIgnoreCase(cp.blockHash())) {
            out.add(new Finding(Kind.CHECKPOINT_STALE, cp.batches() - 1, -1, "block " + cp.block()
                    + " of the checkpoint's last anchor is " + (hash == null ? "no longer on the chain" : "now " + hash
                    + ", not " + cp.blockHash()) + " (a reorg or rollback below the checkpoint); verified in full instead"));
            return null;
        }
        List<Anchor> after = new ArrayList<>();
        Anchor at = null;
        for (Anchor a : contract.anchors(cp.block())) {
            if (a.batchIndex() == cp.batches() - 1) {
                at = a;
            } else if (a.batchIndex() >= cp.batches()) {
                after.add(a);
            }
        }
        if (at == null || !Arrays.equals(at.head(), cp.chainHead()) || at.firstSeq() + at.count() != cp.nextSeq()) {
            out.add(new Finding(Kind.CHECKPOINT_MISMATCH, cp.batches() - 1, -1, "block " + cp.block()
                    + " does not hold the checkpoint's anchor of batch " + (cp.batches() - 1)
                    + " with its head; verified in full instead"));
            return null;
        }
        return after;
    }

    private static void checkAnchorChain(List<Anchor> anchors, byte[] startHead, long startIndex, long startSeq,
                                         byte[] head, long nextSeq, List<Finding> out) {
        byte[] h = startHead;
        long expectSeq = startSeq;
        for (int i = 0; i < anchors.size(); i++) {
            Anchor a = anchors.get(i);
            long index = startIndex + i;
            if (a.batchIndex() != index || a.firstSeq() != expectSeq || a.count() < 1) {
                out.add(new Finding(Kind.BATCH_INSERTED, a.batchIndex(), a.firstSeq(),
                        "anchor log " + index + " does not continue the chain (index " + a.batchIndex() + ", first seq "
                                + a.firstSeq() + ", expected " + expectSeq + ")"));
            }
            h = LedgerContract.nextHead(h, a.batchIndex(), a.firstSeq(), a.count(), a.root());
            if (!Arrays.equals(h, a.head())) {
                out.add(new Finding(Kind.ROOT_MISMATCH, a.batchIndex(), a.firstSeq(),
                        "anchor log " + index + " does not hash to the head it reports"));
            }
            expectSeq = a.firstSeq() + a.count();
        }
        if (!Arrays.equals(h, head) || expectSeq != nextSeq) {
            out.add(new Finding(Kind.ROOT_MISMATCH, -1, -1, "the anchor logs do not rebuild the contract's head"));
        }
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
        long nextSeq = 1;
        byte[] head = new byte[32];
        long lastRecordOffset = -1;
        long end;
        EventProof proof;
        boolean lastRecordHadEventFindings;
        final Set<Long> matched = new HashSet<>();
        final List<Finding> proofFindings = new ArrayList<>();

        Pass(long seq) {
            this.seq = seq;
        }

        interface Step {
            void apply(JournalRecord r);
        }

        /** Starts after the checkpoint's record (which {@link #recordProblem} found unchanged). */
        void resume(Checkpoint cp, JournalReader in) {
            check = JournalCheck.resume(cp.batches(), cp.nextSeq(), cp.recordHash());
            batches = cp.batches();
            events = cp.events();
            nextSeq = cp.nextSeq();
            head = cp.recordHash().clone();
            lastRecordOffset = cp.recordOffset();
            in.seek(cp.endOffset());
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
                nextSeq = r.firstSeq() + r.count();
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
        void proveIn(JournalRecord r, Anchor anchor, long chainNextSeq, LedgerContract contract) {
            if (seq <= 0 || proof != null || seq < r.firstSeq() || seq >= r.firstSeq() + Math.max(r.count(), r.events().size())) {
                return;
            }
            proof = prove(r, seq, anchor, chainNextSeq, contract, contract != null, proofFindings);
        }

        void proofNotFound(List<Finding> out) {
            if (seq > 0 && proof == null) {
                out.add(new Finding(Kind.EVENT_REMOVED, -1, seq, "event " + seq + " is not in the ledger"));
            }
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
