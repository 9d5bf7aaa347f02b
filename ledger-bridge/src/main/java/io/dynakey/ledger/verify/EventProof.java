package io.dynakey.ledger.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** {@code seq, batch, event, leaf, proof[], root, anchoredIn, verified, onChain}. */
    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("seq", seq);
        o.put("batch", batchIndex);
        o.put("event", event);
        o.put("leaf", leafHex);
        ArrayNode path = o.putArray("proof");
        proofHex.forEach(path::add);
        o.put("root", rootHex);
        o.put("anchoredIn", anchoredIn);
        o.put("verified", verified);
        o.put("onChain", onChain);
        return o;
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
