package io.dynakey.cli.fleet;

import java.util.List;

/** The ProGuard-shrunk device image size from device-tools (pending in this build). */
final class DeviceImageSize {

    private DeviceImageSize() {
    }

    /** Bytes, or -1 with a note when it cannot be measured. */
    static long measure(List<String> provenance) {
        provenance.add("device image: not measured (device-tools' DeviceImage is not in this build)");
        return -1;
    }
}
