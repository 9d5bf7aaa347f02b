package io.dynakey.hardware.board;

/**
 * What dynakey needs on a board.
 *
 * @param imageBytes the device code image (device-runtime + tiny-models + the Bouncy Castle
 *     classes they reach, shrunk by ProGuard), or -1 when it could not be measured
 * @param modelBytes the signed model file the device stores, or -1 when none is available
 * @param runtimeStateBytes the runtime's retained RAM state (buffers, tables, key slots), or -1
 * @param provenance how each figure was obtained, one line, printed under the table
 */
public record DeviceFootprint(long imageBytes, long modelBytes, long runtimeStateBytes, String provenance) {

    /** Whether every figure was measured. */
    public boolean complete() {
        return imageBytes >= 0 && modelBytes >= 0 && runtimeStateBytes >= 0;
    }
}
