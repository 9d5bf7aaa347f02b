package io.dynakey.ledger.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * @param omittedFindings findings beyond the {@value io.dynakey.ledger.journal.JournalCheck#MAX_FINDINGS} kept
 *                 (a journal damaged throughout): counted, not listed
 * @param resumedAtBatch the batch a checkpoint let the verification start at (the batches before it
 *                 were verified earlier), or -1 for a full verification
 */
public record VerificationReport(String source, long batches, long events, String headHex, List<Finding> findings,
                                 EventProof proof, long omittedFindings, long resumedAtBatch) {

    /** True if nothing but benign findings (a torn tail) and, if asked, the event is proven. */
    public boolean ok() {
        for (Finding f : findings) {
            if (!f.benign()) {
                return false;
            }
        }
        return proof == null || proof.verified() && !Boolean.FALSE.equals(proof.onChain());
    }

    /** What a report amounts to. */
    public enum Status {
        /** Nothing wrong (a torn tail at most) and, if asked, the event is proven. */
        INTACT,
        /**
         * No tampering, but archived batches are not on chain: it rolled back (or they are not
         * anchored yet) and the bridge anchors them again.
         */
        ROLLED_BACK,
        /** Tampered or damaged, or the requested event is not proven. */
        TAMPERED
    }

    /** {@link Status#TAMPERED} if any finding is tampering, else ROLLED_BACK if any is pending, else by {@link #ok()}. */
    public Status status() {
        if (tamperedFindings() > 0) {
            return Status.TAMPERED;
        }
        if (pendingBatches() > 0) {
            return Status.ROLLED_BACK;
        }
        return ok() ? Status.INTACT : Status.TAMPERED;
    }

    /** Findings that mean tampering or damage (neither benign nor pending). */
    public long tamperedFindings() {
        return findings.stream().filter(Finding::tampering).count() + omittedFindings;
    }

    /** Archived batches waiting to be anchored (again) after a rollback. */
    public long pendingBatches() {
        return findings.stream().filter(Finding::pending).mapToLong(Finding::batchIndex).distinct().count();
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
        Status status = status();
        b.append(switch (status) {
            case INTACT -> "OK";
            case ROLLED_BACK -> "ROLLED BACK, re-anchoring pending (" + pendingBatches() + " batches, no tampering found)";
            case TAMPERED -> "TAMPERED";
        }).append(": ").append(source).append('\n');
        b.append("  batches ").append(batches).append(", events ").append(events).append(", head ").append(headHex).append('\n');
        if (resumedAtBatch >= 0) {
            b.append("  incremental: batches before ").append(resumedAtBatch).append(" were verified earlier (checkpoint)\n");
        }
        for (Finding f : findings) {
            b.append("  ").append(f.benign() ? "note: " : f.pending() ? "pending: " : "BAD:  ").append(f).append('\n');
        }
        if (omittedFindings > 0) {
            b.append("  ... and ").append(omittedFindings).append(" more findings, not listed\n");
        }
        if (proof != null) {
            b.append(proof.toText());
        }
        return b.toString();
    }

    /**
     * The same report as one JSON object: {@code ok, status (INTACT, ROLLED_BACK, TAMPERED),
     * tampered (findings that are tampering), rolledBack (batches pending re-anchoring), source,
     * batches, events, head, omittedFindings, resumedAtBatch (-1: full), findings[] (kind, batch, seq, benign, message), proof} (see
     * {@link EventProof} for the proof's fields).
     */
    public String toJson() {
        ObjectNode o = Json.object();
        o.put("ok", ok());
        o.put("status", status().name());
        o.put("tampered", tamperedFindings());
        o.put("rolledBack", pendingBatches());
        o.put("source", source);
        o.put("batches", batches);
        o.put("events", events);
        o.put("head", headHex);
        o.put("omittedFindings", omittedFindings);
        o.put("resumedAtBatch", resumedAtBatch);
        ArrayNode list = o.putArray("findings");
        for (Finding f : findings) {
            list.addObject().put("kind", f.kind().name()).put("batch", f.batchIndex()).put("seq", f.seq())
                    .put("benign", f.benign()).put("message", f.message());
        }
        if (proof == null) {
            o.putNull("proof");
        } else {
            o.set("proof", proof.toJson());
        }
        return Json.write(o);
    }
}
