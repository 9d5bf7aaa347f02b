package io.dynakey.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The fleet's worker pools: daemon threads, and task failures as {@link FleetException}s. */
final class Workers {

    private Workers() {
    }

    /** A fixed pool of at least one daemon thread named {@code name}. */
    static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs the tasks and returns their results in order; a task's {@link FleetException} is
     * rethrown as it is, any other failure wrapped with {@code what} ("fleet step", ...).
     */
    static <T> List<T> invokeAll(ExecutorService pool, List<? extends Callable<T>> tasks, String what)
            throws FleetException {
        List<T> out = new ArrayList<>(tasks.size());
        if (tasks.isEmpty()) {
            return out;
        }
        try {
            for (Future<T> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException(what + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FleetException fe) {
                throw fe;
            }
            throw new FleetException(what + " failed: " + cause, cause);
        }
    }
}
