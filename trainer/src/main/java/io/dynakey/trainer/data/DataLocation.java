package io.dynakey.trainer.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the shared real data lives: system property {@code dynakey.data}, else environment
 * variable {@code DYNAKEY_DATA}, else {@code ../shared/data} next to the project root (the
 * nearest ancestor of the working directory holding {@code mvnw}), else {@code shared/data} in a
 * further ancestor (for git worktrees kept one level deeper).
 */
public final class DataLocation {

    /** Where each data set is published, for the message shown when the folder is absent. */
    public static final String PUBLISHED = """
            IoT-23: Garcia, Parmisano, Erquiaga, Stratosphere Lab 2020, doi 10.5281/zenodo.4743746 (CC BY 4.0); \
            the sample used here is in github.com/aucad/aml-networks (data/). \
            TON_IoT telemetry: Alsaedi et al., IEEE Access 8:165130, 2020, doi 10.1109/ACCESS.2020.3022862; \
            the Train_Test_IoT_*.csv files are in github.com/Ferrag/DDoS-attacks-dataset.""";

    private DataLocation() {
    }

    /** @return the data folder if it exists */
    public static Optional<Path> find() {
        String prop = System.getProperty("dynakey.data");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("DYNAKEY_DATA");
        }
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return Optional.empty();
        }
        // ../shared/data next to the project; from a git worktree nested deeper, the nearest ancestor's
        for (Path up = dir.getParent(); up != null; up = up.getParent()) {
            Path p = up.resolve("shared/data");
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** @return a training file under {@code train/} if present */
    public static Optional<Path> train(String relative) {
        return find().map(d -> d.resolve("train").resolve(relative)).filter(Files::isRegularFile);
    }
}
