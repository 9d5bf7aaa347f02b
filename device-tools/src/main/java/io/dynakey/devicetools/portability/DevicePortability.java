package io.dynakey.devicetools.portability;

import io.dynakey.devicetools.image.ClassFiles;
import io.dynakey.devicetools.image.DeviceClasspath;
import io.dynakey.devicetools.image.DeviceImage;
import io.dynakey.devicetools.image.DeviceImageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The portability check of the real device code: every class of tiny-models and device-runtime as
 * compiled, plus the Bouncy Castle classes they reach, as ProGuard's shrinking keeps them (only
 * reachable classes and members; calls to Bouncy Castle's constraints registrar removed as dead code,
 * see {@code DeviceImage}), against the bundled allow-list.
 */
public final class DevicePortability {

    private DevicePortability() {
    }

    /** Runs the check on the device code of the current classpath. */
    public static PortabilityReport check() throws IOException {
        return check(DeviceClasspath.current(), AllowList.bundled());
    }

    /** Runs the check on the given device code, shrinking it with ProGuard first. */
    public static PortabilityReport check(DeviceClasspath cp, AllowList allowList) throws IOException {
        Path dir = Files.createTempDirectory("dynakey-portability");
        try {
            return check(cp, DeviceImage.build(cp, dir.resolve("image.jar")), allowList);
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Runs the check on the device code: all of its own classes as compiled, and the Bouncy
     * Castle classes of an image already shrunk from the same classpath.
     */
    public static PortabilityReport check(DeviceClasspath cp, DeviceImageReport image, AllowList allowList)
            throws IOException {
        Map<String, byte[]> classes = new TreeMap<>(ClassFiles.read(cp.tinyModels()));
        classes.putAll(ClassFiles.read(cp.deviceRuntime()));
        for (Map.Entry<String, byte[]> e : image.classes().entrySet()) {
            if (e.getKey().startsWith("org/bouncycastle/")) {
                classes.put(e.getKey(), e.getValue());
            }
        }
        return new PortabilityChecker(allowList).check(classes);
    }

    /** Command line: prints the report; exit status 1 on a violation. */
    public static void main(String[] args) throws IOException {
        PortabilityReport report = check();
        System.out.print(report.describe());
        if (!report.passes()) {
            System.exit(1);
        }
    }
}
