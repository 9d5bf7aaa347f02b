package io.dynakey.ledger.ethereum;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends signed transactions from one account: keeps the nonce locally (re-read from the node after
 * any doubt), estimates gas with a margin, resends the same signed bytes after an RPC failure (so
 * a retry can never become a second transaction), and waits for a receipt with a confirmation
 * depth. One thread at a time.
 */
public final class TxSender {

    /** How often a transaction still without receipt is checked for waiting behind a nonce gap. */
    private static final long GAP_CHECK_MILLIS = 250;

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final int confirmations;
    private final long receiptTimeoutMillis;
    private BigInteger nonce;
    /** maxFeePerGas: twice the latest base fee plus the tip. */
    private BigInteger gasPrice;
    private BigInteger tip;
    private int sentWithFees;

    /**
     * @param confirmations        blocks a receipt must be under (1: the receipt's own block)
     * @param receiptTimeoutMillis how long to wait for a receipt before reporting the node unavailable
     */
    public TxSender(Web3j web3j, Credentials credentials, long chainId, int confirmations, long receiptTimeoutMillis) {
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations >= 1");
        }
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
        this.confirmations = confirmations;
        this.receiptTimeoutMillis = receiptTimeoutMillis;
    }

    /** The sending account's address. */
    public String from() {
        return credentials.getAddress();
    }

    /**
     * Estimates gas for a call; a revert comes back as a refusal (not unavailable) whose message
     * carries the revert data.
     */
    public BigInteger estimateGas(String to, String data) throws ChainException {
        Transaction tx = to == null
                ? Transaction.createContractTransaction(from(), null, null, data)
                : Transaction.createEthCallTransaction(from(), to, data);
        EthEstimateGas r = call(() -> web3j.ethEstimateGas(tx).send());
        return r.getAmountUsed();
    }

    /**
     * Sends a transaction and waits until it is confirmed; {@code to == null} deploys a contract.
     * On an RPC failure the same signed transaction is resent; if the nonce turns out to be used,
     * the receipt of this transaction's hash decides.
     */
    public TransactionReceipt send(String to, String data) throws ChainException {
        BigInteger gas = estimateGas(to, data);
        gas = gas.add(gas.shiftRight(2)).add(BigInteger.valueOf(5_000));
        if (nonce == null) {
            nonce = call(() -> web3j.ethGetTransactionCount(from(), DefaultBlockParameterName.PENDING).send())
                    .getTransactionCount();
        }
        if (gasPrice == null || sentWithFees++ >= 64) {
            refreshFees();
        }
        // EIP-1559: pays base fee + tip, never more than maxFee; the tip does not feed back into itself
        RawTransaction raw = RawTransaction.createTransaction(chainId, nonce, gas, to == null ? "" : to,
                BigInteger.ZERO, data, tip, gasPrice);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, credentials));
        String hash = org.web3j.crypto.Hash.sha3(signed);
        try {
            EthSendTransaction r = web3j.ethSendRawTransaction(signed).send();
            if (r.hasError() && !alreadyKnown(r.getError())) {
                nonce = null;
                if (nonceProblem(r.getError())) {
                    // our nonce is stale (another sender, a restarted node): re-read it and try again later
                    throw new ChainException("stale nonce " + raw.getNonce() + ": " + r.getError().getMessage(), true, null);
                }
                throw new ChainException("node refused the transaction (nonce " + raw.getNonce() + ", gas " + gas
                        + ", max fee " + gasPrice + "): " + r.getError().getMessage(), false, null);
            }
        } catch (IOException e) {
            // the transaction may or may not have reached the node: keep the nonce, wait for its hash,
            // and let the caller retry; the same signed bytes have the same hash
            nonce = null;
            gasPrice = null;
            throw new ChainException("RPC failed while sending " + hash + ": " + e.getMessage(), true, e);
        }
        nonce = nonce.add(BigInteger.ONE);
        TransactionReceipt receipt = awaitReceipt(hash, raw.getNonce());
        awaitConfirmations(receipt);
        return receipt;
    }

    private void refreshFees() throws ChainException {
        BigInteger base = call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
                .getBlock().getBaseFeePerGas();
        tip = call(() -> web3j.ethMaxPriorityFeePerGas().send()).getMaxPriorityFeePerGas();
        gasPrice = base.shiftLeft(1).add(tip);
        sentWithFees = 0;
    }

    private static boolean nonceProblem(Response.Error e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return m.contains("nonce") || m.contains("replacement transaction underpriced");
    }

    private static boolean alreadyKnown(Response.Error e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return m.contains("already known") || m.contains("already imported");
    }

    /**
     * Forgets the local nonce, so that the next transaction re-reads it from the node: after the
     * chain rolled back (a reorg, a node restored from an older state) the account's nonce on chain
     * is lower than the one kept here, and a transaction with the kept one would wait forever
     * behind the gap.
     */
    public void forgetNonce() {
        nonce = null;
    }

    private TransactionReceipt awaitReceipt(String hash, BigInteger txNonce) throws ChainException {
        long start = System.currentTimeMillis();
        long deadline = start + receiptTimeoutMillis;
        long nextGapCheck = start + GAP_CHECK_MILLIS;
        long sleep = 1;
        while (true) {
            Optional<TransactionReceipt> r = call(() -> web3j.ethGetTransactionReceipt(hash).send()).getTransactionReceipt();
            if (r.isPresent()) {
                return r.get();
            }
            long now = System.currentTimeMillis();
            if (now > deadline) {
                nonce = null;
                throw new ChainException("no receipt for " + hash + " within " + receiptTimeoutMillis + " ms", true, null);
            }
            if (now >= nextGapCheck) {
                nextGapCheck = now + GAP_CHECK_MILLIS;
                BigInteger onChain = call(() -> web3j.ethGetTransactionCount(from(), DefaultBlockParameterName.PENDING)
                        .send()).getTransactionCount();
                if (onChain.compareTo(txNonce) <= 0) {
                    // the node neither mined this transaction nor holds it ready: its nonce fell behind
                    // ours (the chain rolled back) and it waits behind a gap that nothing will fill, or
                    // the node dropped it; re-read the nonce and let the caller retry
                    nonce = null;
                    throw new ChainException("nonce gap: " + hash + " has nonce " + txNonce + " but the node's pending nonce is "
                            + onChain + " (rolled back or dropped)", true, null);
                }
            }
            pause(sleep);
            sleep = Math.min(sleep * 2, 50);
        }
    }

    private void awaitConfirmations(TransactionReceipt receipt) throws ChainException {
        if (confirmations == 1) {
            return;
        }
        BigInteger target = receipt.getBlockNumber().add(BigInteger.valueOf(confirmations - 1L));
        long deadline = System.currentTimeMillis() + receiptTimeoutMillis;
        while (call(() -> web3j.ethBlockNumber().send()).getBlockNumber().compareTo(target) < 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new ChainException("block " + target + " not reached within " + receiptTimeoutMillis + " ms", true, null);
            }
            pause(20);
        }
    }

    private static <T extends Response<?>> T call(Rpc.Call<T> c) throws ChainException {
        return Rpc.call(c);
    }

    private static void pause(long millis) throws ChainException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted", true, e);
        }
    }
}
