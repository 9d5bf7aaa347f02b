package io.dynakey.ledger;

import io.dynakey.ledger.journal.JournalRecord;
import io.dynakey.ledger.journal.JournalScan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the encoded events out of a journal file, in file order. */
final class EventFiles {

    private EventFiles() {
    }

    static List<byte[]> events(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (JournalRecord r : JournalScan.of(file).records()) {
            out.addAll(r.events());
        }
        return out;
    }
}
