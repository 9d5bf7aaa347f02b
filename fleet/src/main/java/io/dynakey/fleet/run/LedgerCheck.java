package io.dynakey.fleet.run;

import io.dynakey.fleet.report.LedgerSummary;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.EventFormatException;
import io.dynakey.ledger.journal.JournalRecord;
import io.dynakey.ledger.journal.JournalReader;
import io.dynakey.ledger.verify.LedgerVerifier;
import io.dynakey.ledger.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Verifies the journal ledgers of a fleet run with the ledger's own verifier and counts their events. */
public final class LedgerCheck {

    private LedgerCheck() {
    }

    /** Verifies each journal; the summary adds them up and is verified only if every one is. */
    public static LedgerSummary verify(List<Path> journals, PrintStream out) {
        long events = 0;
        long batches = 0;
        boolean ok = !journals.isEmpty();
        StringBuilder detail = new StringBuilder();
        Map<String, Long> byType = new TreeMap<>();
        for (Path j : journals) {
            try {
                if (!Files.exists(j)) {
                    ok = false;
                    detail.append(j.getFileName()).append(": missing; ");
                    continue;
                }
                VerificationReport r = LedgerVerifier.verifyJournal(j, 0);
                events += r.events();
                batches += r.batches();
                ok &= r.ok();
                detail.append(j.getParent().getFileName()).append(": ")
                        .append(r.ok() ? "chain ok" : "FAILED: " + r.firstProblem()).append(", head ")
                        .append(r.headHex(), 0, Math.min(16, r.headHex().length())).append("...; ");
                try (JournalReader in = JournalReader.open(j)) {
                    for (JournalRecord rec = in.next(); rec != null; rec = in.next()) {
                        for (byte[] e : rec.events()) {
                            try {
                                byType.merge(EventCodec.decode(e).body().type().name(), 1L, Long::sum);
                            } catch (EventFormatException bad) {
                                byType.merge("UNDECODABLE", 1L, Long::sum);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                ok = false;
                detail.append(j).append(": ").append(e.getMessage()).append("; ");
            }
        }
        String location = journals.isEmpty() ? "" : journals.get(0).getParent().getParent().toString();
        LedgerSummary s = new LedgerSummary("journal", location, events, batches, ok, detail.toString().trim(), byType);
        out.printf("ledger: %d events in %d batches over %d journal(s); verification %s%n", events, batches,
                journals.size(), ok ? "OK" : "FAILED");
        out.println("        " + s.detail());
        return s;
    }
}
