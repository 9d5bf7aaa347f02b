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
    private final TreeMap<Long, Anchor> anchors = new TreeMap<>();
    private long chainNext = -1;
    private long gasUsed;
    private long anchorTxs;
    private final java.util.ArrayDeque<Revoked> pendingRevocations = new java.util.ArrayDeque<>();

    private EthereumLedger(Journal archive, LedgerContract contract) {
        this.archive = archive;
        this.contract = contract;
    }

    /**
     * Opens the archive and connects to the contract; the account must be the contract's gateway.
     *
     * @param confirmations blocks a receipt must be under before a batch counts as durable
     * @throws LedgerException CORRUPT if archive and chain disagree; UNAVAILABLE if the node is down
     */
    public static EthereumLedger open(Path archiveFile, FsyncPolicy policy, Web3j web3j, Credentials gateway,
                                      String contractAddress, int confirmations) throws LedgerException {
        Journal archive = Journal.open(archiveFile, policy);
        TxSender sender;
        try {
            long chainId = Rpc.call(() -> web3j.ethChainId().send()).getChainId().longValue();
            sender = new TxSender(web3j, gateway, chainId, confirmations, 10_000);
        } catch (ChainException e) {
            archive.close();
            throw unavailable("cannot reach the node", e);
        }
        EthereumLedger l = new EthereumLedger(archive, new LedgerContract(web3j, contractAddress, sender));
        try {
            l.refreshChain();
            l.checkArchiveAgainstChain();
            l.reconcileRevocations(archiveFile);
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

    @Override
    public long nextSeq() {
        return archive.nextSeq();
    }

    @Override
    public int fixedBatchSize(long firstSeq) {
        Anchor a = firstSeq < chainNext ? anchors.get(firstSeq) : null;
        return a == null ? 0 : (int) a.count();
    }

    @Override
    public long durableSeq() {
        return Math.min(archive.durableSeq(), chainNext - 1);
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

    @Override
    public void sync() throws LedgerException {
        archive.sync();
        catchUp();
        flushRevocations();
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
                contract.revoke(r.deviceId(), r.epoch());
            } catch (ChainException e) {
                if (e.unavailable()) {
                    throw unavailable("mirroring the revocation of " + r.deviceId(), e);
                }
                throw new LedgerException(Reason.CONFLICT, "the registry refused a revocation: " + e.getMessage(), e);
            }
            pendingRevocations.poll();
        }
    }

    /** Queues every archived revocation the registry does not show yet (after a crash). */
    private void reconcileRevocations(Path archiveFile) throws LedgerException {
        java.util.Map<String, Revoked> latest = new java.util.LinkedHashMap<>();
        try {
            for (var rec : io.dynakey.ledger.journal.JournalScan.of(archiveFile).records()) {
                for (byte[] e : rec.events()) {
                    if (e.length > 17 && e[17] == EventType.REVOKED.code()) {
                        Revoked r = (Revoked) EventCodec.decode(e).body();
                        latest.put(r.deviceId(), r);
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

    /** Anchors, in order, every archived batch the chain does not hold yet. */
    private void catchUp() throws LedgerException {
        if (chainNext < 0) {
            refreshChain();
        }
        for (BatchRef b : archive.batchesFrom(chainNext)) {
            anchorOnChain(b.firstSeq(), b.count(), b.root());
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
            throw new LedgerException(Reason.CONFLICT, "the contract refused seqs " + firstSeq + ": " + e.getMessage(), e);
        }
        anchorTxs++;
        gasUsed += r.getGasUsed().longValue();
        if (r.isStatusOK()) {
            for (Anchor a : contract.anchorsIn(r)) {
                anchors.put(a.firstSeq(), a);
            }
            chainNext = firstSeq + count;
            return;
        }
        refreshChain();
        if (firstSeq < chainNext) {
            requireSame(firstSeq, count, root);
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
            anchors.clear();
            for (Anchor a : all) {
                anchors.put(a.firstSeq(), a);
            }
            chainNext = next;
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
