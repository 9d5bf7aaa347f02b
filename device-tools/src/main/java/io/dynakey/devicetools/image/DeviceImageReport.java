package io.dynakey.devicetools.image;

import java.util.Collections;
import java.util.Map;

/**
 * Sizes of the device image, in bytes of class files (uncompressed, as a device linker reads them)
 * and of the shrunk jar.
 *
 * @param appClassesBefore classes of tiny-models and device-runtime before shrinking
 * @param appBytesBefore their class-file bytes
 * @param appClasses dynakey classes kept
 * @param appBytes their class-file bytes after shrinking
 * @param bouncyCastleClasses Bouncy Castle classes reached and kept
 * @param bouncyCastleBytes their class-file bytes after shrinking
 * @param jarBytes the shrunk jar (deflated)
 * @param proguardMillis how long ProGuard ran
 * @param classes the shrunk classes by internal name (read-only)
 */
public record DeviceImageReport(int appClassesBefore, long appBytesBefore, int appClasses, long appBytes,
                                int bouncyCastleClasses, long bouncyCastleBytes, long jarBytes,
                                long proguardMillis, Map<String, byte[]> classes) {

    public DeviceImageReport {
        classes = Collections.unmodifiableMap(classes);
    }

    /** Class-file bytes of the whole image (dynakey + Bouncy Castle). */
    public long imageBytes() {
        return appBytes + bouncyCastleBytes;
    }

    /** A few lines for a terminal. */
    public String summary() {
        return "device image (ProGuard-shrunk class files)\n"
            + "  dynakey       " + pad(appBytes) + " B in " + appClasses + " classes (" + appBytesBefore
            + " B in " + appClassesBefore + " before shrinking)\n"
            + "  Bouncy Castle " + pad(bouncyCastleBytes) + " B in " + bouncyCastleClasses + " classes reached\n"
            + "  total         " + pad(imageBytes()) + " B; jar " + jarBytes + " B\n";
    }

    private static String pad(long v) {
        String s = Long.toString(v);
        return "        ".substring(Math.min(8, s.length())) + s;
    }
}
