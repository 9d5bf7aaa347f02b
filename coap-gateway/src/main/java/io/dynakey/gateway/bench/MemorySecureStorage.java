package io.dynakey.gateway.bench;

import io.dynakey.device.hal.SecureStorage;

/** Key slots in memory for the benchmark's simulated devices (their flash is not what is measured). */
final class MemorySecureStorage implements SecureStorage {

    private final byte[][] slots = new byte[6][];

    @Override
    public int slotCount() {
        return slots.length;
    }

    @Override
    public int maxRecordLength(int slot) {
        return 4096;
    }

    @Override
    public synchronized int read(int slot, byte[] out, int off, int max) {
        byte[] s = slots[slot];
        if (s == null) {
            return -1;
        }
        int n = Math.min(max, s.length);
        System.arraycopy(s, 0, out, off, n);
        return s.length;
    }

    @Override
    public synchronized void write(int slot, byte[] in, int off, int len) {
        slots[slot] = java.util.Arrays.copyOfRange(in, off, off + len);
    }

    @Override
    public synchronized void erase(int slot) {
        slots[slot] = null;
    }
}
