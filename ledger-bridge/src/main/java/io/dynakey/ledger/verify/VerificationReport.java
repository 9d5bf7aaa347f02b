package io.dynakey.ledger.verify;

import io.dynakey.ledger.Finding;
import java.util.List;

/**
 * What the verifier found.
 *
 * @param source   what was verified (file, or contract and URL)
 * @param batches  batches checked
 * @param events   events checked
 * @param headHex  the chain head (journal: last record hash; contract: head), hex
 * @param findings everything wrong, first bad one first
 * @param proof    the requested event's proof, or {@code null}
 */
public record VerificationReport(String source, long batches, long events, String headHex, List<Finding> findings,
                                 EventProof proof) {

    /** True if nothing but benign findings (a torn tail) and, if asked, the event is proven. */
    public boolean ok() {
        for (Finding f : findings) {
            if (!f.benign()) {
                return false;
            }
        }
        return proof == null || proof.verified() && !Boolean.FALSE.equals(proof.onChain());
    }

    /** The first non-benign finding, or {@code null}. */
    public Finding firstProblem() {
        for (Finding f : findings) {
            if (!f.benign()) {
                return f;
            }
        }
        return null;
    }

    /** A report for people. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(ok() ? "OK" : "TAMPERED").append(": ").append(source).append('\n');
        b.append("  batches ").append(batches).append(", events ").append(events).append(", head ").append(headHex).append('\n');
        for (Finding f : findings) {
            b.append("  ").append(f.benign() ? "note: " : "BAD:  ").append(f).append('\n');
        }
        if (proof != null) {
            b.append(proof.toText());
        }
        return b.toString();
    }

    /** The same report as one JSON object. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\"ok\":").append(ok()).append(",\"source\":").append(Json.str(source))
                .append(",\"batches\":").append(batches).append(",\"events\":").append(events)
                .append(",\"head\":").append(Json.str(headHex)).append(",\"findings\":[");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            b.append(i == 0 ? "" : ",").append("{\"kind\":").append(Json.str(f.kind().name()))
                    .append(",\"batch\":").append(f.batchIndex()).append(",\"seq\":").append(f.seq())
                    .append(",\"benign\":").append(f.benign()).append(",\"message\":").append(Json.str(f.message()))
                    .append('}');
        }
        b.append("],\"proof\":").append(proof == null ? "null" : proof.toJson()).append('}');
        return b.toString();
    }
}
