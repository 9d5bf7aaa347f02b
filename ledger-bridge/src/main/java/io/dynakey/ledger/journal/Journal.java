package io.dynakey.ledger.journal;

import io.dynakey.ledger.Finding;
import io.dynakey.ledger.LedgerBackend;
import io.dynakey.ledger.LedgerException;
import io.dynakey.ledger.LedgerException.Reason;
import io.dynakey.ledger.merkle.Batch;
import io.dynakey.ledger.merkle.Keccak;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal backend: an append-only file of hash-chained batch records ({@link JournalFormat}).
 *
 * <p>Opening recovers from a torn write (keeps every complete record, cuts the rest, reports it in
 * {@link #recovery()}) and refuses a journal whose complete records are damaged or tampered with.
 * Appends are forced to disk by the {@link FsyncPolicy}; {@link #sync()} forces everything (group
 * commit). One thread at a time.
 */
public final class Journal implements LedgerBackend {

    private final Path file;
    private final FileChannel channel;
    private final FsyncPolicy policy;
    private final RecoveryReport recovery;
    private final Keccak keccak = new Keccak();
    /** Every record's first seq and file offset (16 bytes a batch), for idempotent re-anchoring. */
    private final BatchIndex index;
    /** Offset of the last record, -1 if none. */
    private long lastRecordOffset = -1;
    /** Signs the head file; {@code null}: no head file. */
    private LedgerKey headKey;
    private Path headFile;
    private long headBatches = -1;
    private long lastHeadMillis;

    /** The head file is rewritten at most this often while batches are appended (and at close). */
    public static final long HEAD_INTERVAL_MILLIS = 1000;
    private byte[] lastHash;
    private long nextBatchIndex;
    private long nextSeq;
    private long durableSeq;
    private int unsyncedBatches;
    private long oldestUnsyncedMillis;

    private Journal(Path file, FileChannel channel, FsyncPolicy policy, RecoveryReport recovery, BatchIndex index) {
        this.index = index;
        this.file = file;
        this.channel = channel;
        this.policy = policy;
        this.recovery = recovery;
    }

    /**
     * Opens or creates the journal at {@code file}.
     *
     * @throws LedgerException CORRUPT naming the first bad record, or IO
     */
    public static Journal open(Path file, FsyncPolicy policy) throws LedgerException {
        return open(file, policy, LedgerKey.defaultFile(file));
    }

    /**
     * Opens or creates the journal at {@code file}, keeping its signed head ({@link JournalHead},
     * beside it) with the ledger key at {@code keyFile} (created if missing), or no head if
     * {@code keyFile} is {@code null} (an Ethereum archive: the chain anchors its batches). A head
     * that is not signed by that key, or that the journal contradicts (the record it names has
     * another hash, or the journal ends before it without a torn write), makes opening fail.
     *
     * @throws LedgerException CORRUPT naming the first bad record or the head's problem, or IO
     */
    public static Journal open(Path file, FsyncPolicy policy, Path keyFile) throws LedgerException {
        try {
            LedgerKey key = keyFile == null ? null : LedgerKey.loadOrCreate(keyFile);
            Path headFile = JournalHead.defaultFile(file);
            if (!Files.exists(file) || Files.size(file) == 0) {
                Journal j = create(file, policy);
                j.headKey = key;
                j.headFile = headFile;
                j.writeHead();
                return j;
            }
            JournalHead head = null;
            if (key != null && Files.exists(headFile)) {
                try {
                    head = JournalHead.read(headFile, key);
                } catch (IOException e) {
                    throw new LedgerException(Reason.CORRUPT, file + ": " + e.getMessage());
                }
            }
            byte[] headRecordHash = null;
            BatchIndex index = new BatchIndex();
            byte[] lastHash = new byte[32];
            long nextSeq = 1;
            long nextBatchIndex = 0;
            long lastOffset = -1;
            long completeEnd;
            long fileLength;
            boolean torn;
            int records = 0;
            try (JournalReader in = JournalReader.open(file)) {
                JournalCheck check = new JournalCheck();
                if (!in.headerValid()) {
                    check.badHeader(in.damage());
                }
                for (JournalRecord r = in.next(); r != null; r = in.next()) {
                    if (check.accept(r) > 0 && check.firstProblem() != null) {
                        break;
                    }
                    index.add(r.firstSeq(), r.offset());
                    if (head != null && r.batchIndex() == head.batches() - 1) {
                        headRecordHash = r.storedHash();
                    }
                    lastHash = r.storedHash();
                    nextSeq = r.firstSeq() + r.count();
                    nextBatchIndex = r.batchIndex() + 1;
                    lastOffset = r.offset();
                    records++;
                }
                check.finish(in.completeEnd(), in.fileLength(), in.tornTail(), in.damage());
                Finding problem = check.firstProblem();
                if (problem != null) {
                    throw new LedgerException(Reason.CORRUPT, file + ": " + problem);
                }
                completeEnd = in.completeEnd();
                fileLength = in.fileLength();
                torn = in.tornTail();
            }
            boolean cutSigned = false;
            if (head != null && head.batches() > records) {
                if (!torn || head.batches() > records + 1) {
                    throw new LedgerException(Reason.CORRUPT, file + ": the journal ends at batch " + (records - 1)
                            + " but its signed head names batch " + (head.batches() - 1) + ": its tail was truncated");
                }
                cutSigned = true; // the torn record was forced to disk and signed: the disk lost it
            } else if (head != null && head.batches() > 0 && !Arrays.equals(headRecordHash, head.recordHash())) {
                throw new LedgerException(Reason.CORRUPT, file + ": batch " + (head.batches() - 1)
                        + " is not the one its signed head names: its tail was rewritten");
            }
            RecoveryReport report = new RecoveryReport(records, torn ? completeEnd : -1, fileLength - completeEnd,
                    cutSigned);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (torn) {
                ch.truncate(completeEnd);
                ch.force(true);
            }
            ch.position(completeEnd);
            Journal j = new Journal(file, ch, policy, report, index);
            j.lastHash = lastHash;
            j.nextSeq = nextSeq;
            j.nextBatchIndex = nextBatchIndex;
            j.lastRecordOffset = lastOffset;
            j.durableSeq = nextSeq - 1;
            j.headKey = key;
            j.headFile = headFile;
            if (key != null && (head == null || cutSigned || head.batches() < records)) {
                j.writeHead();
            }
            return j;
        } catch (IOException e) {
            throw new LedgerException(Reason.IO, "cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static Journal create(Path file, FsyncPolicy policy) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        ch.write(ByteBuffer.wrap(JournalFormat.header()));
        ch.force(true);
        forceDirectory(dir);
        Journal j = new Journal(file, ch, policy, new RecoveryReport(0, -1, 0, false), new BatchIndex());
        j.lastHash = new byte[32];
        j.nextSeq = 1;
        return j;
    }

    /** What opening found (torn tail cut or not). */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** The journal's file. */
    public Path file() {
        return file;
    }

    /** Hash of the last record (the chain head); 32 zero bytes when empty. */
    public byte[] headHash() {
        return lastHash.clone();
    }

    /** Number of batch records. */
    public long batchCount() {
        return nextBatchIndex;
    }

    @Override
    public long nextSeq() {
        return nextSeq;
    }

    @Override
    public long durableSeq() {
        return durableSeq;
    }

    @Override
    public Outcome anchor(Batch batch) throws LedgerException {
        if (batch.firstSeq() < nextSeq) {
            BatchRef stored = refAt(batch.firstSeq());
            if (stored != null && stored.count() == batch.count() && Arrays.equals(stored.root(), batch.root())) {
                return Outcome.ALREADY_ANCHORED;
            }
            throw new LedgerException(Reason.CONFLICT, "seqs " + batch.firstSeq() + ".." + batch.lastSeq()
                    + " are already recorded with a different batch");
        }
        if (batch.firstSeq() > nextSeq) {
            throw new LedgerException(Reason.GAP, "batch starts at seq " + batch.firstSeq() + ", next due is " + nextSeq);
        }
        byte[] rec = JournalFormat.record(nextBatchIndex, batch, lastHash, keccak);
        long offset;
        try {
            offset = channel.position();
            ByteBuffer buf = ByteBuffer.wrap(rec);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new LedgerException(Reason.IO, "append to " + file + " failed: " + e.getMessage(), e);
        }
        lastHash = Arrays.copyOfRange(rec, rec.length - 32, rec.length);
        index.add(batch.firstSeq(), offset);
        lastRecordOffset = offset;
        nextBatchIndex++;
        nextSeq = batch.lastSeq() + 1;
        long now = System.currentTimeMillis();
        if (unsyncedBatches++ == 0) {
            oldestUnsyncedMillis = now;
        }
        if (unsyncedBatches >= policy.everyBatches() || now - oldestUnsyncedMillis >= policy.maxDelayMillis()) {
            sync();
        }
        return Outcome.ANCHORED;
    }

    /** Root of the batch starting at {@code firstSeq} (a copy), or {@code null}. */
    public byte[] rootAt(long firstSeq) throws LedgerException {
        BatchRef stored = refAt(firstSeq);
        return stored == null ? null : stored.root();
    }

    /** Recorded batches starting at or after {@code fromSeq}, in seq order (read from the file). */
    public List<BatchRef> batchesFrom(long fromSeq) throws LedgerException {
        List<BatchRef> out = new ArrayList<>();
        for (int i = index.ceiling(fromSeq); i >= 0 && i < index.size(); i++) {
            out.add(readRef(index.offset(i)));
        }
        return out;
    }

    /** Offset of the last record in the file, -1 if there is none. */
    public long lastRecordOffset() {
        return lastRecordOffset;
    }

    private BatchRef refAt(long firstSeq) throws LedgerException {
        int i = index.find(firstSeq);
        return i < 0 ? null : readRef(index.offset(i));
    }

    /** Reads the fixed part of the record at {@code offset}: its seqs and root. */
    private BatchRef readRef(long offset) throws LedgerException {
        ByteBuffer b = ByteBuffer.allocate(4 + JournalFormat.BODY_FIXED);
        try {
            long p = offset;
            while (b.hasRemaining()) {
                int n = channel.read(b, p);
                if (n < 0) {
                    throw new IOException("the journal ends inside the record at offset " + offset);
                }
                p += n;
            }
        } catch (IOException e) {
            throw new LedgerException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        b.flip();
        b.position(4 + 8);
        long firstSeq = b.getLong();
        int count = b.getInt();
        b.position(4 + JournalFormat.BODY_FIXED - 32);
        byte[] root = new byte[32];
        b.get(root);
        return new BatchRef(firstSeq, count, root);
    }

    @Override
    public void sync() throws LedgerException {
        if (unsyncedBatches == 0) {
            return;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new LedgerException(Reason.IO, "fsync of " + file + " failed: " + e.getMessage(), e);
        }
        unsyncedBatches = 0;
        durableSeq = nextSeq - 1;
        if (System.currentTimeMillis() - lastHeadMillis >= HEAD_INTERVAL_MILLIS) {
            writeHead();
        }
    }

    /** Signs the head (what is forced to disk) into the head file, if there is a key and it moved. */
    private void writeHead() throws LedgerException {
        if (headKey == null || headBatches == nextBatchIndex || unsyncedBatches > 0) {
            return;
        }
        long end;
        try {
            end = channel.position();
            new JournalHead(nextBatchIndex, nextSeq, lastRecordOffset, end, lastHash, System.currentTimeMillis())
                    .write(headFile, headKey);
        } catch (IOException e) {
            throw new LedgerException(Reason.IO, "cannot write the signed head " + headFile + ": " + e.getMessage(), e);
        }
        headBatches = nextBatchIndex;
        lastHeadMillis = System.currentTimeMillis();
    }

    /** The signed head file, or {@code null} if this journal keeps none. */
    public Path headFile() {
        return headKey == null ? null : headFile;
    }

    @Override
    public void close() throws LedgerException {
        try {
            sync();
            writeHead();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new LedgerException(Reason.IO, "close of " + file + " failed", e);
            }
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a directory; the file itself is forced
        }
    }
}
