package io.dynakey.devicetools.image;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;

/**
 * Where the device code lives on this JVM's classpath: the compiled classes (directory or jar) of
 * {@code tiny-models} and {@code device-runtime}, and the Bouncy Castle jar they use. Found from
 * one known class of each.
 *
 * @param tinyModels classes directory or jar of tiny-models
 * @param deviceRuntime classes directory or jar of device-runtime
 * @param bouncyCastle the {@code bcprov-jdk15to18} jar
 */
public record DeviceClasspath(Path tinyModels, Path deviceRuntime, Path bouncyCastle) {

    /** Locates the three parts from the current classpath. */
    public static DeviceClasspath current() {
        return new DeviceClasspath(
            locationOf("io.dynakey.models.FeatureIds"),
            locationOf("io.dynakey.device.hal.Clock"),
            locationOf("org.bouncycastle.crypto.Digest"));
    }

    private static Path locationOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, DeviceClasspath.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("no code source for " + className);
            }
            Path path = Paths.get(source.getLocation().toURI());
            if (!Files.exists(path)) {
                throw new IllegalStateException("code source of " + className + " does not exist: " + path);
            }
            return path;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the classpath", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad code source URI for " + className, e);
        }
    }
}
