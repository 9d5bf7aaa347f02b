package io.dynakey.devicetools.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.devicetools.DeviceImageFixture;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class DeviceImageTest {

    @Test
    void the_shrunk_device_image_is_produced_and_fits_a_small_board() throws Exception {
        DeviceImageReport report = DeviceImageFixture.image();
        System.out.println(report.summary() + "  ProGuard " + report.proguardMillis() + " ms");

        assertTrue(report.classes().containsKey("io/dynakey/device/governor/RotationGovernor"), "public API kept");
        assertTrue(report.bouncyCastleClasses() > 0, "Bouncy Castle classes reached");
        // sanity only: whether it fits each board's flash is `dynakey boards`' job
        assertTrue(report.imageBytes() < 1024 * 1024, "image " + report.imageBytes() + " B");
        assertTrue(report.appBytes() <= report.appBytesBefore(), "shrinking never grows our code");
        assertEquals(Files.size(DeviceImageFixture.JAR), report.jarBytes());
        assertTrue(report.jarBytes() < report.imageBytes(), "the jar is deflated");
    }
}
