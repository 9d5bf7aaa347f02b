package io.dynakey.ledger.verify;

import java.util.List;

/**
 * An event's inclusion proof: OpenZeppelin {@code MerkleProof.verify(proof, root, leaf)} inputs.
 *
 * @param seq         the event
 * @param batchIndex  its batch
 * @param event       the decoded event, as text (events hold no key material)
 * @param leafHex     keccak256(keccak256(canonical event)), hex
 * @param proofHex    sibling hashes, bottom up, hex
 * @param rootHex     the root it verifies against (the anchored root), hex
 * @param anchoredIn  where that root is anchored
 * @param verified    the proof folds into the root
 * @param onChain     the contract's own verifyProof agreed ({@code null} if not asked)
 */
public record EventProof(long seq, long batchIndex, String event, String leafHex, List<String> proofHex,
                         String rootHex, String anchoredIn, boolean verified, Boolean onChain) {

    String toJson() {
        StringBuilder b = new StringBuilder("{\"seq\":").append(seq).append(",\"batch\":").append(batchIndex)
                .append(",\"event\":").append(Json.str(event)).append(",\"leaf\":").append(Json.str(leafHex))
                .append(",\"proof\":[");
        for (int i = 0; i < proofHex.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Json.str(proofHex.get(i)));
        }
        return b.append("],\"root\":").append(Json.str(rootHex)).append(",\"anchoredIn\":").append(Json.str(anchoredIn))
                .append(",\"verified\":").append(verified).append(",\"onChain\":").append(onChain).append('}').toString();
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        b.append("event ").append(seq).append(" in batch ").append(batchIndex).append(": ")
                .append(verified ? "INCLUDED" : "NOT PROVEN").append('\n');
        b.append("  event   ").append(event).append('\n');
        b.append("  leaf    ").append(leafHex).append('\n');
        for (String p : proofHex) {
            b.append("  proof   ").append(p).append('\n');
        }
        b.append("  root    ").append(rootHex).append(" (").append(anchoredIn).append(")\n");
        if (onChain != null) {
            b.append("  contract verifyProof: ").append(onChain).append('\n');
        }
        return b.toString();
    }
}
