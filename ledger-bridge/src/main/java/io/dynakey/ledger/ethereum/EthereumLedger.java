package io.dynakey.ledger.ethereum;

import io.dynakey.ledger.LedgerBackend;
import io.dynakey.ledger.LedgerException;
import io.dynakey.ledger.LedgerException.Reason;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.EventFormatException;
import io.dynakey.ledger.event.EventType;
import io.dynakey.ledger.event.Revoked;
import io.dynakey.ledger.journal.BatchRef;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.merkle.Batch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The Ethereum backend: every batch goes first into a local archive (a {@link Journal}, which
 * keeps the events so that inclusion can be proven), then its root is anchored on the contract.
 * A batch the archive holds but the chain does not (node down, crash) is anchored on the next
 * call; a batch the chain already holds with the same root is not sent again, and the contract
 * refuses duplicates and gaps anyway. {@code Revoked} events are mirrored into the contract's
 * revocation registry once their batch is anchored (and reconciled from the archive on open).
 * One thread at a time.
 */
public final class EthereumLedger implements LedgerBackend {

    private final Journal archive;
    private final LedgerContract contract;
    private final TxSender sender;
    private final int confirmations;
    private final TreeMap<Long, Anchor> anchors = new TreeMap<>();
    private long chainNext = -1;
    /** The highest {@code chainNext} ever seen: an anchor below it sent again is a re-anchor. */
    private long highestChainNext;
    /** The node's latest block number as last seen (from a receipt or a read). */
    private long headBlock = -1;
    /** Set by every sync: the next round looks for a rollback before it sends anything. */
    private boolean checkBeforeSending;
    /** Block number and hash of the last transaction's receipt (anchor or revocation). */
    private long lastTxBlock = -1;
    private String lastTxBlockHash;
    private long gasUsed;
    private long anchorTxs;
    private long rollbacks;
    private long reanchored;
    private String lastRollback;
    private final java.util.ArrayDeque<Revoked> pendingRevocations = new java.util.ArrayDeque<>();
    /** Revocations mirrored in the last {@link #REVOCATION_WINDOW_BLOCKS} blocks, oldest first. */
    private final java.util.ArrayDeque<MirroredRevocation> recentRevocations = new java.util.ArrayDeque<>();

    /**
     * How far back (in blocks) a rollback is assumed to reach for revocations: those mirrored in
     * the blocks a rollback removed are sent again; older ones are re-checked on open.
     */
    private static final long REVOCATION_WINDOW_BLOCKS = 256;

    private record MirroredRevocation(Revoked revoked, long block) {
    }

    private EthereumLedger(Journal archive, LedgerContract contract, TxSender sender, int confirmations) {
        this.archive = archive;
        this.contract = contract;
        this.sender = sender;
        this.confirmations = confirmations;
    }

    /**
     * Opens the archive and connects to the contract; the account must be the contract's gateway.
     *
     * @param confirmations the confirmation depth (>= 1): an anchor counts as durable (final) only
     *                      once its block is this many blocks deep (1: its own block is the latest);
     *                      until then a rollback may still take it away, and the source is not
     *                      acknowledged through it
     * @throws LedgerException CORRUPT if archive and chain disagree; UNAVAILABLE if the node is down
     * @throws IllegalArgumentException if {@code confirmations < 1}
     */
    public static EthereumLedger open(Path archiveFile, FsyncPolicy policy, Web3j web3j, Credentials gateway,
                                      String contractAddress, int confirmations) throws LedgerException {
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmation depth must be >= 1, not " + confirmations);
        }
        Journal archive = Journal.open(archiveFile, policy, null);
        TxSender sender;
        try {
            long chainId = Rpc.call(() -> web3j.ethChainId().send()).getChainId().longValue();
            // the sender waits for the receipt only: the depth is counted here, across rounds
            sender = new TxSender(web3j, gateway, chainId, 1, 10_000);
        } catch (ChainException e) {
            archive.close();
            throw unavailable("cannot reach the node", e);
        }
        EthereumLedger l = new EthereumLedger(archive, new LedgerContract(web3j, contractAddress, sender), sender,
                confirmations);
        try {
            l.refreshChain();
            l.readHead();
            l.checkArchiveAgainstChain();
            l.reconcileRevocations();
        } catch (LedgerException e) {
            archive.close();
            throw e;
        }
        return l;
    }

    /** Deploys a fresh contract whose gateway is {@code gateway}; returns its address. */
    public static String deploy(Web3j web3j, Credentials gateway) throws LedgerException {
        try {
            long chainId = Rpc.call(() -> web3j.ethChainId().send()).getChainId().longValue();
            return LedgerContract.deploy(new TxSender(web3j, gateway, chainId, 1, 10_000));
        } catch (ChainException e) {
            throw e.unavailable() ? unavailable("deploy failed", e) : new LedgerException(Reason.CONFLICT, e.getMessage(), e);
        }
    }

    /** The local archive (events and roots). */
    public Journal archive() {
        return archive;
    }

    /** The contract handle (also for the revocation registry). */
    public LedgerContract contract() {
        return contract;
    }

    /** Gas used by anchor transactions sent through this instance. */
    public long gasUsed() {
        return gasUsed;
    }

    /** Anchor transactions sent (successful or reverted) through this instance. */
    public long anchorTransactions() {
        return anchorTxs;
    }

    /** Rollbacks noticed by this instance: the chain no longer held an anchor it had held. */
    public long rollbacks() {
        return rollbacks;
    }

    /** Batches anchored again after a rollback had taken them off the chain. */
    public long reanchoredBatches() {
        return reanchored;
    }

    /** What the last rollback looked like (for logs), or {@code null} if none was seen. */
    public String lastRollback() {
        return lastRollback;
    }

    /** The confirmation depth this instance counts anchors final at. */
    public int confirmations() {
        return confirmations;
    }

    @Override
    public long nextSeq() {
        return archive.nextSeq();
    }

    @Override
    public int fixedBatchSize(long firstSeq) {
        Anchor a = firstSeq < chainNext ? anchors.get(firstSeq) : null;
        return a == null ? 0 : (int) a.count();
    }

    /**
     * The highest seq that is both fsync'd in the archive and anchored in a block at least the
     * confirmation depth deep, as of the last look at the chain.
     */
    @Override
    public long durableSeq() {
        long finalThrough = 0;
        for (Anchor a : anchors.descendingMap().values()) {
            if (a.firstSeq() < chainNext && a.blockNumber() >= 0 && headBlock - a.blockNumber() + 1 >= confirmations) {
                finalThrough = a.lastSeq();
                break;
            }
        }
        return Math.min(archive.durableSeq(), finalThrough);
    }

    @Override
    public Outcome anchor(Batch batch) throws LedgerException {
        Outcome o = archive.anchor(batch);
        if (o == Outcome.ANCHORED) {
            collectRevocations(batch.encodedEvents());
        }
        catchUp();
        flushRevocations();
        return o;
    }

    /**
     * Makes the archive durable, checks that the chain still holds every anchor unless this round
     * did already (a rollback is handled: the missing batches are anchored again), anchors what
     * the chain lacks and reads the head, so that {@link #durableSeq()} counts what is now deep
     * enough.
     */
    @Override
    public void sync() throws LedgerException {
        archive.sync();
        catchUp();
        flushRevocations();
        checkBeforeSending = true;
    }

    private void collectRevocations(List<byte[]> encodedEvents) {
        for (byte[] e : encodedEvents) {
            if (e.length > 17 && e[17] == EventType.REVOKED.code()) {
                try {
                    pendingRevocations.add((Revoked) EventCodec.decode(e).body());
                } catch (EventFormatException notAnEvent) {
                    // the archive only holds canonical events; a bad one is reported by the verifier
                }
            }
        }
    }

    private void flushRevocations() throws LedgerException {
        while (!pendingRevocations.isEmpty()) {
            Revoked r = pendingRevocations.peek();
            try {
                TransactionReceipt receipt = contract.revoke(r.deviceId(), r.epoch());
                sawTransaction(receipt);
                recentRevocations.add(new MirroredRevocation(r, receipt.getBlockNumber().longValue()));
                while (recentRevocations.peekFirst().block() < headBlock - REVOCATION_WINDOW_BLOCKS) {
                    recentRevocations.pollFirst();
                }
            } catch (ChainException e) {
                if (e.unavailable()) {
                    throw unavailable("mirroring the revocation of " + r.deviceId(), e);
                }
                throw new LedgerException(Reason.CONFLICT, "the registry refused a revocation: " + e.getMessage(), e);
            }
            pendingRevocations.poll();
        }
    }

    /** Queues every archived revocation the registry does not show yet (after a crash or a rollback). */
    private void reconcileRevocations() throws LedgerException {
        pendingRevocations.clear();
        java.util.Map<String, Revoked> latest = new java.util.LinkedHashMap<>();
        try {
            try (var in = io.dynakey.ledger.journal.JournalReader.open(archive.file())) {
                for (var rec = in.next(); rec != null; rec = in.next()) {
                    for (byte[] e : rec.events()) {
                        if (e.length > 17 && e[17] == EventType.REVOKED.code()) {
                            Revoked r = (Revoked) EventCodec.decode(e).body();
                            latest.put(r.deviceId(), r);
                        }
                    }
                }
            }
            for (Revoked r : latest.values()) {
                if (contract.revokedEpoch(r.deviceId()) != r.epoch()) {
                    pendingRevocations.add(r);
                }
            }
        } catch (java.io.IOException | EventFormatException e) {
            throw new LedgerException(Reason.IO, "cannot read the archive's revocations: " + e.getMessage(), e);
        } catch (ChainException e) {
            throw unavailable("reading the revocation registry", e);
        }
    }

    @Override
    public void close() throws LedgerException {
        archive.close();
    }

    /** Anchors, in order, every archived batch the chain does not hold yet (again, after a rollback). */
    private void catchUp() throws LedgerException {
        if (chainNext < 0) {
            refreshChain();
        } else if (checkBeforeSending) {
            // once a round, before its first transaction: one sent with a nonce from before a
            // rollback would wait behind the gap
            checkChainHoldsAnchors();
        }
        checkBeforeSending = false;
        boolean restart = true;
        while (restart) {
            restart = false;
            for (BatchRef b : archive.batchesFrom(chainNext)) {
                long before = chainNext;
                anchorOnChain(b.firstSeq(), b.count(), b.root());
                if (chainNext < before) {
                    restart = true; // a rollback was noticed: start again where the chain now ends
                    break;
                }
            }
        }
    }

    /**
     * Compares the chain with what this instance saw: the contract's {@code nextSeq} behind the
     * one it reached, the latest block below the block of the last anchor, or that block's hash
     * changed (a reorg: a hash changes with any ancestor, so the last anchor's block vouches for
     * all earlier ones) means a rollback; then the anchors are read again and the missing
     * batches are anchored again by {@link #catchUp()}.
     */
    private void checkChainHoldsAnchors() throws LedgerException {
        try {
            long head = contract.headBlock();
            long next = contract.nextSeq();
            Anchor last = anchors.isEmpty() ? null : anchors.lastEntry().getValue();
            String why = null;
            if (next < chainNext) {
                why = "the contract's nextSeq is " + next + ", it was " + chainNext;
            } else if (last != null && last.blockNumber() > head) {
                why = "the latest block is " + head + ", below block " + last.blockNumber() + " of the anchor of seq "
                        + last.firstSeq();
            } else if (last != null && last.blockHash() != null
                    && !last.blockHash().equalsIgnoreCase(contract.blockHash(last.blockNumber()))) {
                why = "block " + last.blockNumber() + " of the anchor of seq " + last.firstSeq()
                        + " was replaced (its hash changed)";
            } else if (lastTxBlockHash != null && (lastTxBlock > head
                    || !lastTxBlockHash.equalsIgnoreCase(contract.blockHash(lastTxBlock)))) {
                // no anchor lost, but a later transaction (a revocation) and the nonce went with it
                why = "block " + lastTxBlock + " of the last transaction sent is no longer on chain";
            }
            headBlock = head;
            if (why != null) {
                rolledBack(why);
            } else if (next > chainNext) {
                refreshChain(); // a transaction of ours that was in doubt went through after all
            }
        } catch (ChainException e) {
            chainNext = -1;
            throw unavailable("checking the chain for a rollback", e);
        }
    }

    private void sawTransaction(TransactionReceipt r) {
        long block = r.getBlockNumber().longValue();
        headBlock = Math.max(headBlock, block);
        lastTxBlock = block;
        lastTxBlockHash = r.getBlockHash();
    }

    /** The chain lost anchors: read what it holds now and forget the nonce; catchUp re-anchors. */
    private void rolledBack(String why) throws LedgerException {
        rollbacks++;
        lastRollback = why;
        lastTxBlockHash = null;
        sender.forgetNonce();
        refreshChain();
        readHead();
        requeueRolledBackRevocations();
    }

    /**
     * Queues again every revocation mirrored after the block of the last anchor the chain still
     * holds: that block and its ancestors are unchanged, later ones may be gone. Re-sending one
     * the registry still holds is harmless (it sets the same epoch).
     */
    private void requeueRolledBackRevocations() {
        long safeBlock = anchors.isEmpty() ? -1 : anchors.lastEntry().getValue().blockNumber();
        java.util.List<Revoked> again = new java.util.ArrayList<>();
        for (MirroredRevocation m : recentRevocations) {
            if (m.block() > safeBlock) {
                again.add(m.revoked());
            }
        }
        recentRevocations.removeIf(m -> m.block() > safeBlock);
        // the ones mirrored later, then the ones still waiting, in their order
        again.addAll(pendingRevocations);
        pendingRevocations.clear();
        pendingRevocations.addAll(again);
    }

    private void readHead() throws LedgerException {
        try {
            headBlock = contract.headBlock();
        } catch (ChainException e) {
            chainNext = -1;
            throw unavailable("reading the latest block", e);
        }
    }

    private void anchorOnChain(long firstSeq, int count, byte[] root) throws LedgerException {
        if (firstSeq < chainNext) {
            requireSame(firstSeq, count, root);
            return;
        }
        if (firstSeq > chainNext) {
            throw new LedgerException(Reason.GAP, "chain expects seq " + chainNext + ", archive holds " + firstSeq);
        }
        TransactionReceipt r;
        try {
            r = contract.anchor(firstSeq, count, root);
        } catch (ChainException e) {
            // a refused estimate (e.g. Duplicate) or a lost answer: the chain's state decides
            chainNext = -1;
            if (e.unavailable()) {
                throw unavailable("anchoring seqs " + firstSeq + ".." + (firstSeq + count - 1), e);
            }
            refreshChain();
            if (firstSeq < chainNext) {
                requireSame(firstSeq, count, root);
                return;
            }
            if (firstSeq > chainNext) {
                // the contract ends before a batch it had accepted (we got here from chainNext == firstSeq)
                rolledBack("the contract's nextSeq is " + chainNext + ", it had accepted seqs through " + (firstSeq - 1));
                return;
            }
            throw new LedgerException(Reason.CONFLICT, "the contract refused seqs " + firstSeq + ": " + e.getMessage(), e);
        }
        anchorTxs++;
        gasUsed += r.getGasUsed().longValue();
        sawTransaction(r);
        if (r.isStatusOK()) {
            for (Anchor a : contract.anchorsIn(r)) {
                anchors.put(a.firstSeq(), a);
            }
            if (firstSeq < highestChainNext) {
                reanchored++;
            }
            chainNext = firstSeq + count;
            highestChainNext = Math.max(highestChainNext, chainNext);
            return;
        }
        refreshChain();
        if (firstSeq < chainNext) {
            requireSame(firstSeq, count, root);
            return;
        }
        if (firstSeq > chainNext) {
            rolledBack("the contract's nextSeq is " + chainNext + ", it had accepted seqs through " + (firstSeq - 1));
            return;
        }
        throw new LedgerException(Reason.CONFLICT, "anchor of seq " + firstSeq + " reverted in " + r.getTransactionHash());
    }

    private void requireSame(long firstSeq, int count, byte[] root) throws LedgerException {
        Anchor a = anchors.get(firstSeq);
        if (a == null) {
            refreshChain();
            a = anchors.get(firstSeq);
        }
        if (a == null || a.count() != count || !Arrays.equals(a.root(), root)) {
            throw new LedgerException(Reason.CONFLICT, "the chain holds a different batch at seq " + firstSeq
                    + (a == null ? " (no anchor starts there)" : " (root " + HexFormat.of().formatHex(a.root()) + ")"));
        }
    }

    private void refreshChain() throws LedgerException {
        try {
            long next = contract.nextSeq();
            List<Anchor> all = contract.anchors(0);
            long logsEnd = all.isEmpty() ? 1 : all.get(all.size() - 1).lastSeq() + 1;
            if (logsEnd < next) {
                // the contract's state holds anchors whose logs the node does not return: the
                // archive cannot be checked against them, and anchoring again is refused (Duplicate)
                chainNext = -1;
                throw new LedgerException(Reason.UNAVAILABLE, "the node's Anchored logs end at seq " + (logsEnd - 1)
                        + " but the contract's nextSeq is " + next + ": its logs lag its state (a provider whose log"
                        + " index lags, or a node restored from an inconsistent state file)");
            }
            anchors.clear();
            for (Anchor a : all) {
                anchors.put(a.firstSeq(), a);
            }
            chainNext = next;
            highestChainNext = Math.max(highestChainNext, next);
        } catch (ChainException e) {
            chainNext = -1;
            if (e.unavailable()) {
                throw unavailable("reading the contract", e);
            }
            throw new LedgerException(Reason.CORRUPT, "no ledger contract at " + contract.address() + ": " + e.getMessage(), e);
        }
    }

    private void checkArchiveAgainstChain() throws LedgerException {
        for (Anchor a : anchors.values()) {
            if (a.firstSeq() >= archive.nextSeq()) {
                break;
            }
            byte[] local = archive.rootAt(a.firstSeq());
            if (local == null || !Arrays.equals(local, a.root())) {
                throw new LedgerException(Reason.CORRUPT, "archive batch at seq " + a.firstSeq()
                        + " differs from the root anchored on chain (batch " + a.batchIndex() + ")");
            }
        }
    }

    private static LedgerException unavailable(String what, ChainException e) {
        return new LedgerException(Reason.UNAVAILABLE, what + ": " + e.getMessage(), e);
    }
}
