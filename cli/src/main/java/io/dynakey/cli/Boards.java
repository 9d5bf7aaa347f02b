package io.dynakey.cli;

import io.dynakey.hardware.board.BoardFit;
import io.dynakey.hardware.board.BoardProfile;
import io.dynakey.hardware.board.BoardProfileException;
import io.dynakey.hardware.board.BoardProfiles;
import io.dynakey.hardware.board.BoardTable;
import io.dynakey.hardware.board.DeviceFootprint;
import io.dynakey.hardware.board.RuntimeState;
import io.dynakey.models.ModelFormatException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Measures dynakey's footprint and checks it against every board profile. */
public final class Boards {

    /** The fits and their table. */
    public record Check(List<BoardFit> fits, String table) {
        /** Whether every board fits. */
        public boolean allFit() {
            return fits.stream().allMatch(BoardFit::fits);
        }
    }

    private Boards() {
    }

    /** Checks the built-in boards against the image, the model and the runtime state. */
    public static Check check(byte[] modelFile, PrintStream out) throws BoardProfileException {
        return check(BoardProfiles.builtIn(), modelFile, out);
    }

    /** Checks the given boards. */
    public static Check check(List<BoardProfile> boards, byte[] modelFile, PrintStream out) {
        List<String> provenance = new ArrayList<>();
        long image = DeviceImageSize.measure(provenance);
        long model = modelFile == null ? -1 : modelFile.length;
        long state = -1;
        if (modelFile != null) {
            try {
                state = RuntimeState.measure(modelFile);
                provenance.add("model " + model + " B (signed file); runtime state: model tables, feature windows, governor, "
                        + "key slots and buffers, built and counted object by object (8-byte headers, 4-byte references)");
            } catch (ModelFormatException e) {
                provenance.add("model file invalid: " + e.getMessage());
            }
        } else {
            provenance.add("no model available: model and runtime state not measured");
        }
        DeviceFootprint fp = new DeviceFootprint(image, model, state, String.join("; ", provenance));
        List<BoardFit> fits = new ArrayList<>();
        for (BoardProfile b : boards) {
            fits.add(BoardFit.check(b, fp));
        }
        String table = BoardTable.format(fits);
        out.print(table);
        return new Check(fits, table);
    }
}
