package io.dynakey.devicetools;

import io.dynakey.devicetools.image.DeviceClasspath;
import io.dynakey.devicetools.image.DeviceImage;
import io.dynakey.devicetools.image.DeviceImageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** One ProGuard run per test JVM, shared by the image and portability tests; left in target/. */
public final class DeviceImageFixture {

    /** Where the shrunk image is written. */
    public static final Path JAR = Paths.get("target", "device-image", "device-image.jar");

    private static DeviceImageReport image;

    private DeviceImageFixture() {
    }

    /** The device image of the current classpath, built on first use. */
    public static synchronized DeviceImageReport image() throws IOException {
        if (image == null) {
            Files.createDirectories(JAR.getParent());
            image = DeviceImage.build(DeviceClasspath.current(), JAR);
        }
        return image;
    }
}
