package io.dynakey.device.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class run in a child JVM on this JVM's class path, for tests and benchmarks
 * that kill a process, measure one, or need a second one. The child's standard output is read
 * line by line; a server child announces itself with one line {@code READY <fields...>} (see
 * {@link #awaitReady}). Nothing secret may be passed as an argument: a command line shows in
 * {@code ps}. Not thread-safe, except {@link #kill()} and {@link #close()}.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final BufferedReader out;
    private final Path stderrLog;

    private ChildJvm(String name, Process process, Path stderrLog) {
        this.name = name;
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderrLog = stderrLog;
    }

    /**
     * For the child's own main: the sum of this JVM's heap pools' peak usage, an upper bound of the
     * heap it needed at once (what a child run under {@code -Xmx} reports back).
     */
    public static long peakHeapOfThisJvm() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /**
     * Starts {@code main} with {@code args}.
     *
     * @param jvmOptions options before the class path, e.g. {@code -Xmx256m}
     * @param stderrLog  file that the child's standard error is appended to; null merges it into
     *                   standard output
     */
    public static ChildJvm start(Class<?> main, List<String> jvmOptions, Path stderrLog, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stderrLog == null) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        }
        return new ChildJvm(main.getSimpleName(), pb.start(), stderrLog);
    }

    /** The next line of the child's standard output, or null once it has closed it. */
    public String readLine() throws IOException {
        return out.readLine();
    }

    /**
     * Reads standard output up to the first line that starts with {@code prefix} and returns that
     * line split at spaces. When the output ends first, or {@code timeout} passes, the child is
     * killed and an {@link IllegalStateException} names it (and the stderr log).
     */
    public String[] awaitLine(String prefix, Duration timeout) throws IOException {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis());
                process.destroyForcibly();
            } catch (InterruptedException done) {
                // the line came in time
            }
        }, name + "-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line.split(" ");
                }
            }
        } finally {
            watchdog.interrupt();
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not print '" + prefix.trim() + "' within " + timeout.toSeconds() + " s"
                + (stderrLog == null ? "" : "; see " + stderrLog));
    }

    /**
     * Waits for the server's {@code READY} line and returns its fields after the word READY
     * (by convention the port first); the rest of standard output is then discarded in the
     * background so that the child never blocks on a full pipe.
     */
    public String[] awaitReady(Duration timeout) throws IOException {
        String[] f = awaitLine("READY ", timeout);
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException gone) {
                // the child closed its output
            }
        }, name + "-drain");
        drain.setDaemon(true);
        drain.start();
        return Arrays.copyOfRange(f, 1, f.length);
    }

    /** Everything the child still writes to standard output, up to its end. */
    public String remainingOutput() throws IOException {
        StringBuilder sb = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** Waits for the child to exit and returns its exit code; fails when it is still running after {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still running after " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** CPU time the child has used so far, ms; -1 when the platform does not tell. */
    public long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /** Bytes of live objects in the child's heap after a full GC. */
    public long liveHeapBytes() throws IOException, InterruptedException {
        return liveHeapBytes(null);
    }

    /**
     * Bytes of live objects in the child's heap after a full GC, from {@code jcmd GC.class_histogram},
     * counting only classes whose name starts with {@code classPrefix} (null: all classes).
     */
    public long liveHeapBytes(String classPrefix) throws IOException, InterruptedException {
        Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String text = new String(j.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        j.waitFor(60, TimeUnit.SECONDS);
        long sum = 0;
        for (String l : text.split("\n")) {
            String t = l.trim();
            String[] f = t.split("\\s+");
            if (classPrefix == null && t.startsWith("Total")) {
                return Long.parseLong(f[2]);
            }
            if (classPrefix != null && f.length >= 4 && f[3].startsWith(classPrefix)) {
                sum += Long.parseLong(f[2]);
            }
        }
        if (classPrefix == null) {
            throw new IOException("no heap histogram from jcmd for " + this);
        }
        return sum;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. Waits up to 10 s for the process to go. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Asks the child to stop (its shutdown hooks run), and kills it when it has not stopped within 15 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + "]";
    }
}
