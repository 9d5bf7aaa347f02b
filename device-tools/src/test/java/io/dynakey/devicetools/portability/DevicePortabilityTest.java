package io.dynakey.devicetools.portability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.devicetools.DeviceImageFixture;
import io.dynakey.devicetools.image.DeviceClasspath;
import org.junit.jupiter.api.Test;

class DevicePortabilityTest {

    @Test
    void the_device_code_and_the_bouncy_castle_classes_it_reaches_keep_the_edc_discipline() throws Exception {
        PortabilityReport report = DevicePortability.check(
            DeviceClasspath.current(), DeviceImageFixture.image(), AllowList.bundled());
        System.out.print(report.describe());

        assertTrue(report.classesChecked() > 20, "classes checked: " + report.classesChecked());
        assertTrue(report.passes(), report.describe());
        assertTrue(report.unusedExemptions().isEmpty(),
            "stale allow-list exemptions (nothing reached needs them; remove them): " + report.unusedExemptions());
    }
}
