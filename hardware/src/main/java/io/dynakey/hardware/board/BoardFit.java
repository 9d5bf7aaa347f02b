package io.dynakey.hardware.board;

/**
 * The footprint of dynakey checked against one board's budget.
 *
 * @param board the board
 * @param footprint what dynakey needs
 * @param flashUsedBytes image + model
 * @param flashFits whether image + model fit the flash budget
 * @param heapFits whether the runtime state fits the heap budget
 */
public record BoardFit(BoardProfile board, DeviceFootprint footprint, long flashUsedBytes,
                       boolean flashFits, boolean heapFits) {

    /** Checks a footprint against a board. An unmeasured figure never fits (it is not assumed small). */
    public static BoardFit check(BoardProfile board, DeviceFootprint footprint) {
        boolean measuredFlash = footprint.imageBytes() >= 0 && footprint.modelBytes() >= 0;
        long flashUsed = measuredFlash ? footprint.imageBytes() + footprint.modelBytes() : -1;
        boolean flashFits = measuredFlash && flashUsed <= board.flashBudgetBytes();
        boolean heapFits = footprint.runtimeStateBytes() >= 0 && footprint.runtimeStateBytes() <= board.heapBudgetBytes();
        return new BoardFit(board, footprint, flashUsed, flashFits, heapFits);
    }

    /** Whether dynakey fits the board. */
    public boolean fits() {
        return flashFits && heapFits;
    }

    /** Flash used as a percentage of the flash budget (-1 when unmeasured). */
    public double flashBudgetUsePercent() {
        return flashUsedBytes < 0 ? -1 : 100.0 * flashUsedBytes / board.flashBudgetBytes();
    }

    /** Runtime state as a percentage of the heap budget (-1 when unmeasured). */
    public double heapBudgetUsePercent() {
        return footprint.runtimeStateBytes() < 0 ? -1 : 100.0 * footprint.runtimeStateBytes() / board.heapBudgetBytes();
    }
}
