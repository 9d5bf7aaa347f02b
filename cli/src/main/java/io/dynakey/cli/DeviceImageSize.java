package io.dynakey.cli;

import io.dynakey.devicetools.image.DeviceImage;
import io.dynakey.devicetools.image.DeviceImageReport;
import java.util.List;

/** The ProGuard-shrunk device image size from device-tools ({@link DeviceImage#measure()}). */
final class DeviceImageSize {

    private DeviceImageSize() {
    }

    /** Bytes of shrunk class files, or -1 with a note when it cannot be measured. */
    static long measure(List<String> provenance) {
        try {
            DeviceImageReport r = DeviceImage.measure();
            provenance.add("device image: " + r.imageBytes() + " B of class files after ProGuard shrinking ("
                + r.appBytes() + " B dynakey in " + r.appClasses() + " classes + " + r.bouncyCastleBytes()
                + " B Bouncy Castle in " + r.bouncyCastleClasses() + " classes; jar " + r.jarBytes() + " B)");
            return r.imageBytes();
        } catch (RuntimeException e) {
            provenance.add("device image: not measured (" + e.getMessage() + ")");
            return -1;
        }
    }
}
