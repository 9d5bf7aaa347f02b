package io.dynakey.hardware.board;

import java.util.Map;
import java.util.Objects;

/**
 * One board's memory as published by its vendor, and the share of it dynakey may take.
 *
 * @param id short id, e.g. {@code stm32f7508-dk}
 * @param name display name
 * @param mcu microcontroller
 * @param flashInternalBytes on-chip flash
 * @param flashExternalBytes board flash the application executes from or stores data in
 * @param ramInternalBytes on-chip SRAM
 * @param ramExternalBytes board SDRAM / PSRAM
 * @param javaHeapBytes typical MicroEJ Java heap on this board
 * @param flashBudgetPercent share of all flash dynakey's image and model may use
 * @param heapBudgetPercent share of the Java heap dynakey's runtime state may use
 * @param sources citation per figure, keyed by property name (e.g. {@code javaheap})
 */
public record BoardProfile(String id, String name, String mcu,
                           long flashInternalBytes, long flashExternalBytes,
                           long ramInternalBytes, long ramExternalBytes,
                           long javaHeapBytes, int flashBudgetPercent, int heapBudgetPercent,
                           Map<String, String> sources) {

    public BoardProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (flashInternalBytes < 0 || flashExternalBytes < 0 || ramInternalBytes < 0
                || ramExternalBytes < 0 || javaHeapBytes <= 0) {
            throw new IllegalArgumentException("board " + id + ": memory sizes must be >= 0 and the heap > 0");
        }
        if (flashBudgetPercent < 1 || flashBudgetPercent > 100 || heapBudgetPercent < 1 || heapBudgetPercent > 100) {
            throw new IllegalArgumentException("board " + id + ": budget percentages must be 1..100");
        }
        sources = Map.copyOf(sources);
    }

    /** All flash on the board (on-chip and external), bytes. */
    public long flashBytes() {
        return flashInternalBytes + flashExternalBytes;
    }

    /** All RAM on the board, bytes. */
    public long ramBytes() {
        return ramInternalBytes + ramExternalBytes;
    }

    /** Flash dynakey may use for its code image and model, bytes. */
    public long flashBudgetBytes() {
        return flashBytes() * flashBudgetPercent / 100;
    }

    /** Java heap dynakey's runtime state may use, bytes. */
    public long heapBudgetBytes() {
        return javaHeapBytes * heapBudgetPercent / 100;
    }
}
