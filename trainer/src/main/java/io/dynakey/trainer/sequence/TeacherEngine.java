package io.dynakey.trainer.sequence;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The process-wide DJL PyTorch engine the teachers run on, set up for offline use.
 *
 * <p>Before the engine first loads, this sets (as system properties, each only where neither the
 * environment nor the caller set it already): {@code ai.djl.offline=true} (DJL never downloads;
 * the natives come from the {@code pytorch-native-cpu} jar on the class path),
 * {@code DJL_CACHE_DIR} and {@code ENGINE_CACHE_DIR} (where the 430 MB of natives unpack once:
 * {@link #directory()}), {@code ai.djl.pytorch.num_threads=1} and
 * {@code ai.djl.pytorch.num_interop_threads=1} (as fast for models this small, half the CPU, and
 * deterministic), and DJL's log level {@code warn} for slf4j-simple. The environment variables
 * {@code DJL_CACHE_DIR}/{@code ENGINE_CACHE_DIR}, when set, win over the properties (DJL reads them
 * first). Once loaded, the engine keeps its settings for the life of the JVM. Thread-safe.
 */
public final class TeacherEngine {

    /** System property naming the folder for DJL's caches; default {@code ~/.dynakey/djl}. */
    public static final String DIRECTORY_PROPERTY = "dynakey.djl.dir";

    private static final String ENGINE = "PyTorch";
    private static Path directory;
    private static Engine engine;

    private TeacherEngine() {
    }

    /**
     * Chooses the cache folder; must be called before the first teacher is trained or loaded.
     *
     * @throws IllegalStateException once the engine is loaded
     */
    public static synchronized void useDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (engine != null) {
            throw new IllegalStateException("the DJL engine is already loaded from " + directory);
        }
        directory = dir.toAbsolutePath();
    }

    /** @return the folder DJL's caches unpack to (chosen, from {@value #DIRECTORY_PROPERTY}, or ~/.dynakey/djl) */
    public static synchronized Path directory() {
        if (directory == null) {
            String configured = System.getProperty(DIRECTORY_PROPERTY);
            if (configured != null && !configured.isBlank()) {
                directory = Path.of(configured).toAbsolutePath();
            } else {
                Path home = Path.of(System.getProperty("user.home"));
                Path base = Files.isWritable(home) ? home : Path.of(System.getProperty("java.io.tmpdir"));
                directory = base.resolve(".dynakey").resolve("djl");
            }
        }
        return directory;
    }

    /**
     * Loads the engine on first use.
     *
     * @throws IllegalStateException if PyTorch cannot load (a missing native jar, an unwritable cache)
     */
    static synchronized Engine get() {
        if (engine == null) {
            Path dir = directory();
            setDefault("ai.djl.offline", "true");
            setDefault("DJL_CACHE_DIR", dir.toString());
            setDefault("ENGINE_CACHE_DIR", dir.resolve("engine").toString());
            setDefault("ai.djl.pytorch.num_threads", "1");
            setDefault("ai.djl.pytorch.num_interop_threads", "1");
            setDefault("org.slf4j.simpleLogger.log.ai.djl", "warn");
            // "Failed to detect GPU count" on every CPU-only machine
            setDefault("org.slf4j.simpleLogger.log.ai.djl.util.cuda", "error");
            try {
                Files.createDirectories(dir);
                engine = Engine.getEngine(ENGINE);
            } catch (Exception | LinkageError e) {
                throw new IllegalStateException("the DJL PyTorch engine did not load (cache " + dir
                        + "; are pytorch-engine, pytorch-jni and pytorch-native-cpu on the class path?): " + e, e);
            }
        }
        return engine;
    }

    /** @return e.g. {@code DJL 0.36.0, PyTorch 2.7.1}, loading the engine if needed */
    public static String describe() {
        Engine e = get();
        return "DJL " + Engine.getDjlVersion() + ", " + e.getEngineName() + " " + e.getVersion();
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
