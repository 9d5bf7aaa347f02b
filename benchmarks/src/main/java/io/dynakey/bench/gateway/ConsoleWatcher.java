package io.dynakey.bench.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Fetches a console's {@code /metrics} and overview once a second, as Prometheus and an open page would, timing each. */
final class ConsoleWatcher {

    private final Thread thread;
    private final List<Double> scrapes = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> overviews = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;

    ConsoleWatcher(URI console) {
        thread = new Thread(() -> {
            HttpClient http = HttpClient.newHttpClient();
            while (!stop) {
                try {
                    scrapes.add(fetch(http, console.resolve("/metrics")));
                    overviews.add(fetch(http, console.resolve("/")));
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException("the console stopped answering: " + e.getMessage(), e);
                }
            }
        }, "console-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Fetches {@code /metrics} and {@code /} {@code times} times each, untimed. */
    static void warmUp(URI console, int times) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < times; i++) {
            fetch(http, console.resolve("/metrics"));
            fetch(http, console.resolve("/"));
        }
    }

    private static double fetch(HttpClient http, URI uri) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode());
        }
        return (System.nanoTime() - t) / 1e6;
    }

    void stop() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join(5_000);
    }

    double scrapeMedianMs() {
        return median(scrapes);
    }

    double overviewMedianMs() {
        return median(overviews);
    }

    private static double median(List<Double> xs) {
        synchronized (xs) {
            if (xs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> s = new ArrayList<>(xs);
            Collections.sort(s);
            return s.get(s.size() / 2);
        }
    }
}
