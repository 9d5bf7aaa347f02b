package io.dynakey.gateway.store;

/** Reason codes the store writes by itself (values shared with the ledger's {@code ReasonCodes}). */
final class EventReasons {

    /** A group key created on first use (ledger: unspecified). */
    static final int GROUP_CREATED = 0;

    private EventReasons() {
    }
}
