package io.dynakey.ledger.journal;

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
import java.util.TreeMap;

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
    /** Every record by first seq, for idempotent re-anchoring. */
    private final TreeMap<Long, BatchRef> index = new TreeMap<>();
    private byte[] lastHash;
    private long nextBatchIndex;
    private long nextSeq;
    private long durableSeq;
    private int unsyncedBatches;
    private long oldestUnsyncedMillis;

    private Journal(Path file, FileChannel channel, FsyncPolicy policy, RecoveryReport recovery) {
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
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return create(file, policy);
            }
            JournalScan scan = JournalScan.of(file);
            String problem = JournalCheck.firstProblem(scan);
            if (problem != null) {
                throw new LedgerException(Reason.CORRUPT, file + ": " + problem);
            }
            RecoveryReport report = new RecoveryReport(scan.records().size(),
                    scan.tornTail() ? scan.completeEnd() : -1, scan.fileLength() - scan.completeEnd());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
            if (scan.tornTail()) {
                ch.truncate(scan.completeEnd());
                ch.force(true);
            }
            ch.position(scan.completeEnd());
            Journal j = new Journal(file, ch, policy, report);
            j.lastHash = new byte[32];
            j.nextSeq = 1;
            for (JournalRecord r : scan.records()) {
                j.index.put(r.firstSeq(), new BatchRef(r.firstSeq(), r.count(), r.root()));
                j.lastHash = r.storedHash();
                j.nextSeq = r.firstSeq() + r.count();
                j.nextBatchIndex = r.batchIndex() + 1;
            }
            j.durableSeq = j.nextSeq - 1;
            return j;
        } catch (IOException e) {
            throw new LedgerException(Reason.IO, "cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static Journal create(Path file, FsyncPolicy policy) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ch.write(ByteBuffer.wrap(JournalFormat.header()));
        ch.force(true);
        forceDirectory(dir);
        Journal j = new Journal(file, ch, policy, new RecoveryReport(0, -1, 0));
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
            BatchRef stored = index.get(batch.firstSeq());
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
        try {
            ByteBuffer buf = ByteBuffer.wrap(rec);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new LedgerException(Reason.IO, "append to " + file + " failed: " + e.getMessage(), e);
        }
        lastHash = Arrays.copyOfRange(rec, rec.length - 32, rec.length);
        index.put(batch.firstSeq(), new BatchRef(batch.firstSeq(), batch.count(), batch.root()));
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
    public byte[] rootAt(long firstSeq) {
        BatchRef stored = index.get(firstSeq);
        return stored == null ? null : stored.root().clone();
    }

    /** Recorded batches starting at or after {@code fromSeq}, in seq order (a snapshot). */
    public List<BatchRef> batchesFrom(long fromSeq) {
        return new ArrayList<>(index.tailMap(fromSeq, true).values());
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
    }

    @Override
    public void close() throws LedgerException {
        try {
            sync();
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
