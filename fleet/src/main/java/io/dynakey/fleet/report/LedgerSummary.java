package io.dynakey.fleet.report;

import java.util.Map;

/**
 * What the ledger recorded during a run and whether it verified.
 *
 * @param backend e.g. {@code journal}
 * @param location file or node URL
 * @param events events on the ledger
 * @param batches anchored batches (Merkle roots)
 * @param verified whether the whole chain verified
 * @param detail the verifier's one-line verdict
 * @param eventsByType event counts by type name
 */
public record LedgerSummary(String backend, String location, long events, long batches, boolean verified,
                            String detail, Map<String, Long> eventsByType) {

    /** A run without a ledger, with the reason. */
    public static LedgerSummary absent(String why) {
        return new LedgerSummary("none", "", 0, 0, false, why, Map.of());
    }
}
