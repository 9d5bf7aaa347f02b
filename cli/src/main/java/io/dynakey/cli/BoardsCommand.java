package io.dynakey.cli;

import io.dynakey.hardware.board.BoardProfile;
import io.dynakey.hardware.board.BoardProfileException;
import io.dynakey.hardware.board.BoardProfiles;
import io.dynakey.trainer.ShippedArtifacts;
import io.dynakey.trainer.sign.BoundedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dynakey boards}: Check the device image and model against each board's budget. */
@Command(name = "boards", mixinStandardHelpOptions = true,
        description = {"Check the device image (ProGuard-shrunk), the model and the runtime's RAM state against each "
                + "board's flash and Java-heap budget. Exits 1 when a board does not fit."})
final class BoardsCommand implements Callable<Integer> {

    @Option(names = "--model", description = "model file to check (default: the shipped model, trainer's ShippedArtifacts)")
    Path model;

    @Option(names = "--board", description = "extra board profile file(s) to check as well")
    List<Path> extra = new ArrayList<>();

    @Option(names = "--sources", description = "print the datasheet source of every figure")
    boolean sources;

    @Override
    public Integer call() throws Exception {
        try {
            List<BoardProfile> boards = new ArrayList<>(BoardProfiles.builtIn());
            for (Path p : extra) {
                byte[] text = BoundedFiles.read(p, BoundedFiles.MAX_TEXT_FILE, "board profile");
                boards.add(BoardProfiles.parse(p.toString(), new String(text, StandardCharsets.UTF_8)));
            }
            byte[] file = model != null ? BoundedFiles.readModel(model) : ShippedArtifacts.model();
            Boards.Check c = Boards.check(boards, file, System.out);
            if (sources) {
                for (BoardProfile b : boards) {
                    System.out.println();
                    System.out.println(b.name() + " (" + b.mcu() + ")");
                    b.sources().forEach((k, v) -> System.out.println("  " + k + ": " + v));
                }
            }
            return c.allFit() ? 0 : 1;
        } catch (BoardProfileException e) {
            System.err.println("dynakey boards: " + e.getMessage());
            return 2;
        }
    }
}
