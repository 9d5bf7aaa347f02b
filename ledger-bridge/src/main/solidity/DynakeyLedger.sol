// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title dynakey ledger anchor and revocation registry
/// @notice Anchors Merkle roots of consecutive event batches (no gaps, no duplicates) and keeps
///         a revocation registry. Only the gateway account (the deployer) may write; anyone may read.
/// @dev Roots are not stored one slot each (that would cost ~22,100 gas per batch): every anchor
///      folds into one hash chain head and is emitted as a log, so a verifier rebuilds the chain
///      from the logs and compares with `head`. Leaves and inner nodes follow OpenZeppelin's
///      MerkleProof (sorted pairs, keccak-256).
contract DynakeyLedger {
    address public immutable gateway;

    uint64 public nextSeq = 1;
    uint64 public batchCount;
    bytes32 public head;

    mapping(bytes32 => uint64) private revokedEpochPlusOne;

    event Anchored(uint64 indexed batchIndex, uint64 firstSeq, uint64 count, bytes32 root, bytes32 head);
    event DeviceRevoked(bytes32 indexed device, uint64 epoch);

    error NotGateway();
    error EmptyBatch();
    error Gap(uint64 expected, uint64 firstSeq);
    error Duplicate(uint64 expected, uint64 firstSeq);

    constructor() {
        gateway = msg.sender;
    }

    modifier onlyGateway() {
        if (msg.sender != gateway) revert NotGateway();
        _;
    }

    /// @notice Anchors the root of events firstSeq .. firstSeq+count-1; firstSeq must be nextSeq.
    function anchor(uint64 firstSeq, uint64 count, bytes32 root) external onlyGateway {
        if (count == 0) revert EmptyBatch();
        uint64 expected = nextSeq;
        if (firstSeq < expected) revert Duplicate(expected, firstSeq);
        if (firstSeq > expected) revert Gap(expected, firstSeq);
        uint64 index = batchCount;
        bytes32 h = keccak256(abi.encodePacked(head, index, firstSeq, count, root));
        head = h;
        nextSeq = firstSeq + count;
        batchCount = index + 1;
        emit Anchored(index, firstSeq, count, root, h);
    }

    /// @notice Records that a device (keccak-256 of its id) is revoked as of an epoch.
    function revoke(bytes32 device, uint64 epoch) external onlyGateway {
        revokedEpochPlusOne[device] = epoch + 1;
        emit DeviceRevoked(device, epoch);
    }

    /// @notice Whether a device is revoked, and as of which epoch.
    function revocation(bytes32 device) external view returns (bool revoked, uint64 epoch) {
        uint64 e = revokedEpochPlusOne[device];
        return e == 0 ? (false, 0) : (true, e - 1);
    }

    /// @notice OpenZeppelin-compatible MerkleProof.verify (sorted-pair keccak-256).
    function verifyProof(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
        bytes32 h = leaf;
        for (uint256 i = 0; i < proof.length; i++) {
            bytes32 p = proof[i];
            h = h < p ? keccak256(abi.encodePacked(h, p)) : keccak256(abi.encodePacked(p, h));
        }
        return h == root;
    }
}
