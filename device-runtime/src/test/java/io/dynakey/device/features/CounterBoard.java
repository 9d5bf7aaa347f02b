package io.dynakey.device.features;

import io.dynakey.device.hal.Telemetry;

/** A board whose counters the test sets directly. */
final class CounterBoard implements Telemetry {
    final long[] counters = new long[COUNTER_COUNT];

    @Override
    public long read(int counterId) {
        return counters[counterId];
    }

    CounterBoard add(int counterId, long amount) {
        counters[counterId] += amount;
        return this;
    }

    CounterBoard set(int counterId, long value) {
        counters[counterId] = value;
        return this;
    }
}
