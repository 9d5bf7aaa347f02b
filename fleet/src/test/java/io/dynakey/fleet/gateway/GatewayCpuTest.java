package io.dynakey.fleet.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Which threads count as the gateway's, and that their CPU time (and only theirs) is summed. */
class GatewayCpuTest {

    @Test
    void threads_are_told_apart_by_name_and_port() {
        GatewayCpu cpu = GatewayCpu.baseline().forPort(5684);
        assertTrue(cpu.isGatewayThread("CoapServer(main)#1"));
        assertTrue(cpu.isGatewayThread("dynakey-retire"));
        assertTrue(cpu.isGatewayThread("DTLS-Receiver-0-/127.0.0.1:5684"));
        assertTrue(cpu.isGatewayThread("DTLS-Worker-/127.0.0.1:5684#2"));
        assertFalse(cpu.isGatewayThread("DTLS-Receiver-0-/127.0.0.1:56840"), "another port");
        assertFalse(cpu.isGatewayThread("fleet-worker-3"));
    }

    @Test
    void a_gateway_threads_cpu_is_counted_and_a_device_threads_is_not() throws Exception {
        GatewayCpu cpu = GatewayCpu.baseline().forPort(40_000);
        Burner gateway = new Burner("DTLS-Worker-/127.0.0.1:40000#1", 60);
        Burner device = new Burner("fleet-device-1", 120);
        gateway.start();
        device.start();
        gateway.burned.await();
        device.burned.await();
        try {
            long counted = cpu.nanos();
            assertTrue(counted >= gateway.cpu, "gateway thread counted: " + counted + " < " + gateway.cpu);
            assertTrue(counted < gateway.cpu + device.cpu / 2,
                    "device thread not counted: " + counted + " vs gateway " + gateway.cpu + ", device " + device.cpu);
        } finally {
            gateway.release.countDown();
            device.release.countDown();
            gateway.join();
            device.join();
        }
    }

    /** Burns CPU for a while, then stays alive (its CPU time stays visible) until released. */
    private static final class Burner extends Thread {
        final CountDownLatch burned = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final long millis;
        volatile long cpu;

        Burner(String name, long millis) {
            super(name);
            this.millis = millis;
        }

        @Override
        public void run() {
            long end = System.nanoTime() + millis * 1_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + (x & 0);
            burned.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
