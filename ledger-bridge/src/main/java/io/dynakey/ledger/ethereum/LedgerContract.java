package io.dynakey.ledger.ethereum;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Typed calls to a deployed {@code DynakeyLedger} contract. Reads need no account; writes go
 * through a {@link TxSender} whose account must be the contract's gateway. One thread at a time.
 */
public final class LedgerContract {

    /** {@code Anchored(uint64 indexed batchIndex, uint64 firstSeq, uint64 count, bytes32 root, bytes32 head)}. */
    public static final Event ANCHORED = new Event("Anchored", List.of(
            new TypeReference<Uint64>(true) { }, new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { },
            new TypeReference<Bytes32>() { }, new TypeReference<Bytes32>() { }));

    private static final String ANCHORED_TOPIC = EventEncoder.encode(ANCHORED);

    private final Web3j web3j;
    private final String address;
    private final TxSender sender;

    /** @param sender the gateway's sender, or {@code null} for read-only use */
    public LedgerContract(Web3j web3j, String address, TxSender sender) {
        this.web3j = web3j;
        this.address = address;
        this.sender = sender;
    }

    /** Deploys a new contract whose gateway is the sender's account; returns its address. */
    public static String deploy(TxSender sender) throws ChainException {
        TransactionReceipt r = sender.send(null, "0x" + ContractArtifact.bytecode());
        if (!r.isStatusOK() || r.getContractAddress() == null) {
            throw new ChainException("deployment failed in " + r.getTransactionHash(), false, null);
        }
        return r.getContractAddress();
    }

    public String address() {
        return address;
    }

    /** Sends {@code anchor(firstSeq, count, root)} and returns its receipt (status may be a revert). */
    public TransactionReceipt anchor(long firstSeq, long count, byte[] root) throws ChainException {
        return write(new Function("anchor", List.of(new Uint64(firstSeq), new Uint64(count), new Bytes32(root)),
                List.of()));
    }

    /** Sends {@code revoke(keccak256(deviceId), epoch)}. */
    public TransactionReceipt revoke(String deviceId, long epoch) throws ChainException {
        return write(new Function("revoke", List.of(new Bytes32(deviceKey(deviceId)), new Uint64(epoch)), List.of()));
    }

    /** The revocation epoch of a device, or -1 if it is not revoked. */
    public long revokedEpoch(String deviceId) throws ChainException {
        List<Type> out = read(new Function("revocation", List.of(new Bytes32(deviceKey(deviceId))),
                List.of(new TypeReference<Bool>() { }, new TypeReference<Uint64>() { })));
        return (Boolean) out.get(0).getValue() ? ((BigInteger) out.get(1).getValue()).longValue() : -1;
    }

    /** The seq the next anchor must start at. */
    public long nextSeq() throws ChainException {
        return uint("nextSeq");
    }

    /** Number of anchored batches. */
    public long batchCount() throws ChainException {
        return uint("batchCount");
    }

    /** The contract's chain head. */
    public byte[] head() throws ChainException {
        List<Type> out = read(new Function("head", List.of(), List.of(new TypeReference<Bytes32>() { })));
        return ((Bytes32) out.get(0)).getValue();
    }

    /** The gateway account. */
    public String gateway() throws ChainException {
        List<Type> out = read(new Function("gateway", List.of(), List.of(new TypeReference<Address>() { })));
        return out.get(0).toString();
    }

    /** The contract's own {@code verifyProof} (OpenZeppelin's algorithm, run by the EVM). */
    public boolean verifyProof(List<byte[]> proof, byte[] root, byte[] leaf) throws ChainException {
        List<Bytes32> p = new ArrayList<>();
        for (byte[] b : proof) {
            p.add(new Bytes32(b));
        }
        List<Type> out = read(new Function("verifyProof",
                List.of(new DynamicArray<>(Bytes32.class, p), new Bytes32(root), new Bytes32(leaf)),
                List.of(new TypeReference<Bool>() { })));
        return (Boolean) out.get(0).getValue();
    }

    /** Blocks per {@code eth_getLogs} call: many providers refuse wider ranges (or more than 10,000 logs). */
    public static final long LOG_PAGE_BLOCKS = 10_000;

    /** Every {@code Anchored} log from {@code fromBlock} on, in order, read in pages of {@link #LOG_PAGE_BLOCKS} blocks. */
    public List<Anchor> anchors(long fromBlock) throws ChainException {
        return anchors(fromBlock, LOG_PAGE_BLOCKS);
    }

    /**
     * Every {@code Anchored} log from {@code fromBlock} to the latest block, in order, one
     * {@code eth_getLogs} call per {@code pageBlocks} blocks (the latest block is read first, so
     * logs of blocks mined meanwhile are left to the next call).
     */
    public List<Anchor> anchors(long fromBlock, long pageBlocks) throws ChainException {
        if (pageBlocks < 1 || fromBlock < 0) {
            throw new IllegalArgumentException("fromBlock >= 0 and pageBlocks >= 1 required");
        }
        long latest = headBlock();
        List<Anchor> out = new ArrayList<>();
        for (long from = fromBlock; from <= latest; from += pageBlocks) {
            long to = Math.min(latest, from + pageBlocks - 1);
            EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), address);
            f.addSingleTopic(ANCHORED_TOPIC);
            EthLog logs = Rpc.call(() -> web3j.ethGetLogs(f).send());
            for (EthLog.LogResult<?> lr : logs.getLogs()) {
                out.add(parse((Log) lr.get()));
            }
        }
        return out;
    }

    /** The number of the node's latest block. */
    public long headBlock() throws ChainException {
        return Rpc.call(() -> web3j.ethBlockNumber().send()).getBlockNumber().longValue();
    }

    /**
     * The hash of the node's block {@code number} (hex with {@code 0x}), or {@code null} if the node
     * has no such block (its chain is shorter).
     */
    public String blockHash(long number) throws ChainException {
        var block = Rpc.call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
                false).send()).getBlock();
        return block == null ? null : block.getHash();
    }

    /** The {@code Anchored} logs of a receipt. */
    public List<Anchor> anchorsIn(TransactionReceipt r) {
        List<Anchor> out = new ArrayList<>();
        for (Log l : r.getLogs()) {
            if (!l.getTopics().isEmpty() && l.getTopics().get(0).equals(ANCHORED_TOPIC)
                    && l.getAddress().equalsIgnoreCase(address)) {
                out.add(parse(l));
            }
        }
        return out;
    }

    /** keccak256 of a device id: the registry's key. */
    public static byte[] deviceKey(String deviceId) {
        return Hash.sha3(deviceId.getBytes(StandardCharsets.US_ASCII));
    }

    /** The head after an anchor: keccak256(head ‖ u64 index ‖ u64 firstSeq ‖ u64 count ‖ root), as the contract does. */
    public static byte[] nextHead(byte[] head, long index, long firstSeq, long count, byte[] root) {
        byte[] b = java.nio.ByteBuffer.allocate(32 + 24 + 32).put(head).putLong(index).putLong(firstSeq).putLong(count)
                .put(root).array();
        return Hash.sha3(b);
    }

    private static Anchor parse(Log l) {
        long index = Numeric.toBigInt(l.getTopics().get(1)).longValue();
        @SuppressWarnings("rawtypes")
        List<Type> data = FunctionReturnDecoder.decode(l.getData(), ANCHORED.getNonIndexedParameters());
        return new Anchor(index, ((BigInteger) data.get(0).getValue()).longValue(),
                ((BigInteger) data.get(1).getValue()).longValue(), ((Bytes32) data.get(2)).getValue(),
                ((Bytes32) data.get(3)).getValue(), l.getBlockNumber() == null ? -1 : l.getBlockNumber().longValue(),
                l.getBlockHash());
    }

    private long uint(String name) throws ChainException {
        List<Type> out = read(new Function(name, List.of(), List.of(new TypeReference<Uint64>() { })));
        return ((BigInteger) out.get(0).getValue()).longValue();
    }

    @SuppressWarnings("rawtypes")
    private List<Type> read(Function fn) throws ChainException {
        String data = FunctionEncoder.encode(fn);
        String from = sender == null ? "0x0000000000000000000000000000000000000000" : sender.from();
        String value = Rpc.call(() -> web3j.ethCall(Transaction.createEthCallTransaction(from, address, data),
                DefaultBlockParameterName.LATEST).send()).getValue();
        List<Type> out = FunctionReturnDecoder.decode(value, fn.getOutputParameters());
        if (out.size() != fn.getOutputParameters().size()) {
            throw new ChainException("no contract at " + address + " answers " + fn.getName(), false, null);
        }
        return out;
    }

    private TransactionReceipt write(Function fn) throws ChainException {
        if (sender == null) {
            throw new IllegalStateException("read-only contract handle");
        }
        return sender.send(address, FunctionEncoder.encode(fn));
    }

    /** A read-only handle (no account): reads and log queries only. */
    public static LedgerContract readOnly(Web3j web3j, String address) {
        return new LedgerContract(web3j, address, null);
    }

    @Override
    public String toString() {
        return "LedgerContract[" + address + "]";
    }
}
