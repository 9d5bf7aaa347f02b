package io.dynakey.devicetools.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads class files from a classes directory or a jar, keyed by internal name ({@code a/b/C}). */
public final class ClassFiles {

    private ClassFiles() {
    }

    /** Every class file under {@code location} except {@code module-info} and multi-release variants. */
    public static Map<String, byte[]> read(Path location) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String rel = location.relativize(file).toString().replace('\\', '/');
                    if (isPlainClass(rel)) {
                        classes.put(rel.substring(0, rel.length() - 6), Files.readAllBytes(file));
                    }
                }
            }
        } else {
            try (ZipFile zip = new ZipFile(location.toFile())) {
                var entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (!e.isDirectory() && isPlainClass(e.getName())) {
                        try (InputStream in = zip.getInputStream(e)) {
                            classes.put(e.getName().substring(0, e.getName().length() - 6), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return classes;
    }

    private static boolean isPlainClass(String name) {
        return name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class");
    }
}
