package io.dynakey.devicetools.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import proguard.Configuration;
import proguard.ConfigurationParser;
import proguard.ProGuard;

/**
 * The device image: {@code device-runtime} + {@code tiny-models} + the Bouncy Castle classes they
 * reach, shrunk by ProGuard (unused classes, methods and fields removed; the public API of
 * {@code io.dynakey.models} and {@code io.dynakey.device} kept as entry points), with the calls to
 * Bouncy Castle's constraints registrar removed (see {@link #DEVICE_BUILD_RULES}). Nothing is
 * renamed and the only optimisation is dead-code removal, so the portability check reads the
 * classes as the device would link them.
 */
public final class DeviceImage {

    /**
     * What turns the shrunk jar into a device build: Bouncy Castle's constraints registrar is cut.
     *
     * <p>In Bouncy Castle 1.85.2 every {@code AESEngine}, {@code SHA256Digest} and
     * {@code SHA512Digest} constructor calls {@code CryptoServicesRegistrar.checkConstraints}.
     * That is a policy hook (FIPS-style "is this algorithm at this security level allowed here"),
     * which only does something when an application has installed constraints with
     * {@code setServicesConstraints}; the default accepts everything. The device never installs
     * constraints (its algorithms and key sizes are fixed by the wire protocol, and nothing on it
     * can call the setter), so the call is a no-op there and removing it changes no result. The
     * rule tells ProGuard the call has no side effects; its dead-code removal (the only
     * optimisations enabled, so the remaining bytecode is ours and BC's as compiled apart from
     * removed dead code) drops the calls, and the shrinker then drops the registrar and
     * everything only it reached (its BigInteger/ASN.1/DH/DSA tables, ThreadLocal, logging,
     * java.security). {@code ShrunkImageVectorsTest} runs RFC vectors against the shrunk jar.
     */
    static final String[] DEVICE_BUILD_RULES = {
        "-optimizations", "code/removal/advanced,code/removal/simple,code/removal/variable",
        "-optimizationpasses", "2",
        "-assumenosideeffects", "class org.bouncycastle.crypto.CryptoServicesRegistrar {"
            + " public static void checkConstraints(org.bouncycastle.crypto.CryptoServiceProperties); }",
    };

    /**
     * Library interfaces cut from Bouncy Castle classes after shrinking, as {@code class -> interface}.
     *
     * <p>In Bouncy Castle 1.85.2 {@code MLKEMPrivateKeyParameters} (reached by the hybrid rotation
     * suite's ML-KEM-768 decapsulation) implements {@code javax.security.auth.Destroyable}, a JCA key
     * interface the device profile does not have, so the class would not load there. Nothing on
     * the device calls {@code destroy()} through that interface (the portability check would
     * report any reference to it), the class keeps its own {@code destroy()} and
     * {@code isDestroyed()} methods, and no result changes: {@code ShrunkImageVectorsTest} runs the
     * X-Wing draft's vectors against the rewritten image.
     */
    static final String[][] DROPPED_INTERFACES = {
        {"org/bouncycastle/crypto/params/MLKEMPrivateKeyParameters", "javax/security/auth/Destroyable"},
    };

    private DeviceImage() {
    }

    /** Builds the image from the current classpath into a temporary directory and measures it. */
    public static DeviceImageReport measure() {
        try {
            Path dir = Files.createTempDirectory("dynakey-device-image");
            try {
                return build(DeviceClasspath.current(), dir.resolve("device-image.jar"));
            } finally {
                deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("device image: " + e.getMessage(), e);
        }
    }

    /**
     * Shrinks the device code into {@code outJar} and measures input and output.
     *
     * @throws IOException when an input cannot be read or ProGuard fails
     */
    public static DeviceImageReport build(DeviceClasspath cp, Path outJar) throws IOException {
        Map<String, byte[]> app = ClassFiles.read(cp.tinyModels());
        app.putAll(ClassFiles.read(cp.deviceRuntime()));
        long appBytes = app.values().stream().mapToLong(b -> b.length).sum();
        Files.deleteIfExists(outJar);
        long started = System.nanoTime();
        runProGuard(cp, outJar);
        dropInterfaces(outJar);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, byte[]> shrunk = ClassFiles.read(outJar);
        long shrunkApp = 0;
        long shrunkBc = 0;
        int bcClasses = 0;
        int appClasses = 0;
        for (Map.Entry<String, byte[]> e : shrunk.entrySet()) {
            if (e.getKey().startsWith("org/bouncycastle/")) {
                shrunkBc += e.getValue().length;
                bcClasses++;
            } else {
                shrunkApp += e.getValue().length;
                appClasses++;
            }
        }
        return new DeviceImageReport(app.size(), appBytes, appClasses, shrunkApp, bcClasses, shrunkBc,
            Files.size(outJar), millis, shrunk);
    }

    private static void runProGuard(DeviceClasspath cp, Path outJar) throws IOException {
        Path javaHome = Paths.get(System.getProperty("java.home"));
        List<String> args = new ArrayList<>(List.of(
            "-injars", quote(cp.tinyModels()) + "(**.class,!META-INF/**)",
            "-injars", quote(cp.deviceRuntime()) + "(**.class,!META-INF/**)",
            "-injars", quote(cp.bouncyCastle()) + "(org/bouncycastle/**.class)",
            "-outjars", quote(outJar)));
        for (String module : new String[] {"java.base", "java.logging", "java.naming", "java.sql"}) {
            Path jmod = javaHome.resolve("jmods").resolve(module + ".jmod");
            if (Files.exists(jmod)) {
                args.addAll(List.of("-libraryjars", quote(jmod) + "(!**.jar;!module-info.class)"));
            }
        }
        args.addAll(List.of(
            "-dontobfuscate",
            "-ignorewarnings", "-dontwarn", "-dontnote", "-forceprocessing",
            "-keep", "public class io.dynakey.models.**,io.dynakey.device.** { public protected *; }"));
        args.addAll(List.of(DEVICE_BUILD_RULES));
        Configuration configuration = new Configuration();
        try (ConfigurationParser parser = new ConfigurationParser(args.toArray(new String[0]), new Properties())) {
            parser.parse(configuration);
        } catch (proguard.ParseException e) {
            throw new IOException("ProGuard configuration: " + e.getMessage(), e);
        }
        try {
            new ProGuard(configuration).execute();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("ProGuard failed: " + e.getMessage(), e);
        }
    }

    /** Rewrites the classes of {@link #DROPPED_INTERFACES} in {@code jar} without those interfaces. */
    private static void dropInterfaces(Path jar) throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(jar, (ClassLoader) null)) {
            for (String[] drop : DROPPED_INTERFACES) {
                Path entry = fs.getPath(drop[0] + ".class");
                if (!Files.exists(entry)) {
                    continue; // not reached by this build
                }
                ClassReader reader = new ClassReader(Files.readAllBytes(entry));
                ClassWriter writer = new ClassWriter(reader, 0);
                reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visit(int version, int access, String name, String signature, String superName,
                                      String[] interfaces) {
                        List<String> kept = new ArrayList<>(List.of(interfaces));
                        kept.remove(drop[1]);
                        super.visit(version, access, name, signature, superName, kept.toArray(new String[0]));
                    }
                }, 0);
                Files.write(entry, writer.toByteArray());
            }
        }
    }

    private static String quote(Path p) {
        return "'" + p.toAbsolutePath() + "'";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
