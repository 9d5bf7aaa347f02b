package io.dynakey.fleet.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of one gateway's own threads, told apart by name from the simulated devices, relays and
 * JIT/GC threads of the same JVM: Californium's {@code CoapServer} executors, Scandium's receiver,
 * worker and timer threads of the server's address, and the gateway's retire task. Take the
 * baseline with {@link #baseline()} before the server starts (its port is not known yet), then name
 * the port with {@link #forPort}. A thread's time from before the baseline is not counted. Thread-safe.
 */
final class GatewayCpu {

    private final int serverPort;
    private final Map<Long, Long> atStart;

    private GatewayCpu(int serverPort, Map<Long, Long> atStart) {
        this.serverPort = serverPort;
        this.atStart = atStart;
    }

    /** Starts counting: threads alive now count from now, threads started later from zero. */
    static GatewayCpu baseline() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> m = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            m.put(id, Math.max(0, mx.getThreadCpuTime(id)));
        }
        return new GatewayCpu(-1, Map.copyOf(m));
    }

    /** The same baseline, counting the threads of the gateway serving on {@code port}. */
    GatewayCpu forPort(int port) {
        return new GatewayCpu(port, atStart);
    }

    /** CPU nanoseconds the gateway's threads used since the baseline. */
    long nanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null && isGatewayThread(ti.getThreadName())) {
                long cpu = mx.getThreadCpuTime(ti.getThreadId());
                if (cpu > 0) {
                    sum += Math.max(0, cpu - atStart.getOrDefault(ti.getThreadId(), 0L));
                }
            }
        }
        return sum;
    }

    /** Whether a thread of this name belongs to the gateway on this port. */
    boolean isGatewayThread(String name) {
        return name.startsWith("CoapServer") || name.startsWith("dynakey-retire") || name.startsWith("dynakey-gateway")
                || name.endsWith(":" + serverPort) || name.contains(":" + serverPort + "#");
    }
}
