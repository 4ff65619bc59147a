package io.rwsplit.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Runs one workload on one variant for a fixed time: its threads loop on units of work, each timing its own into
 * its own histogram (closed loop: a unit starts when the previous one ends, so the latencies are service times) and
 * its own CPU time.
 */
final class Runner {

    private static final long HIGHEST_LATENCY = TimeUnit.SECONDS.toNanos(30);
    /**
     * The CPU time of the application threads: what a driver costs the application, which on a shared machine
     * varies much less than wall-clock figures.
     */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** A run stops early after this many failed units: something is broken, not slow. */
    private static final int MAX_ERRORS = 100;

    private final int rows;
    private final ServerCounters counters;
    /** Statements and SELECTs per second per node that no benchmark thread sends (monitor probes, pool checks). */
    private final Rates background;

    /** Per node, the primary first. */
    record Rates(double[] statements, double[] selects) {
    }

    Runner(int rows, ServerCounters counters, Rates background) {
        this.rows = rows;
        this.counters = counters;
        this.background = background;
    }

    /** Measures what the servers receive per second while no workload runs. */
    static Rates background(ServerCounters counters, Duration window) throws SQLException, InterruptedException {
        ServerCounters.Reading before = counters.read();
        long started = System.nanoTime();
        Thread.sleep(window.toMillis());
        ServerCounters.Reading sent = ServerCounters.between(before, counters.read());
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Rates(perSecond(sent.statements(), seconds), perSecond(sent.selects(), seconds));
    }

    private static double[] perSecond(long[] counts, double seconds) {
        double[] rates = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            rates[i] = counts[i] / seconds;
        }
        return rates;
    }

    Run run(Workload workload, Variant variant, Access access, Duration length, int round)
            throws SQLException, InterruptedException {
        int threads = workload.threads();
        Histogram[] latencies = new Histogram[threads];
        long[] units = new long[threads];
        long[] errors = new long[threads];
        long[] cpuNanos = new long[threads];
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
            int index = t;
            latencies[t] = new Histogram(HIGHEST_LATENCY, 3);
            workers[t] = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                Histogram latency = latencies[index];
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long end = deadline[0];
                long cpuStart = CPU.getCurrentThreadCpuTime();
                long now = System.nanoTime();
                while (now < end && errors[index] < MAX_ERRORS) {
                    try {
                        workload.once(access, rows, random);
                        long done = System.nanoTime();
                        latency.recordValue(Math.min(done - now, HIGHEST_LATENCY));
                        units[index]++;
                        now = done;
                    } catch (SQLException | RuntimeException e) {
                        errors[index]++;
                        firstError.compareAndSet(null, e.toString());
                        now = System.nanoTime();
                    }
                }
                cpuNanos[index] = CPU.getCurrentThreadCpuTime() - cpuStart;
            }, "load-" + variant.key() + "-" + workload.name() + "-" + t);
            workers[t].start();
        }
        ServerCounters.Reading before = counters.read();
        long catchUpBefore = access.catchUpWaits();
        long jvmCpuBefore = ProcessCpu.ofThisJvm();
        long started = System.nanoTime();
        deadline[0] = started + length.toNanos();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = System.nanoTime() - started;
        long jvmCpu = ProcessCpu.ofThisJvm() - jvmCpuBefore;
        ServerCounters.Reading sent = ServerCounters.between(before, counters.read());
        // The driver's catch-up waits are its background work on the replicas, like the monitor's probes.
        long catchUp = access.catchUpWaits() - catchUpBefore;
        withoutReplicaBackground(sent.statements(), catchUp);
        withoutReplicaBackground(sent.selects(), catchUp);

        Histogram latency = new Histogram(HIGHEST_LATENCY, 3);
        long totalUnits = 0;
        long totalErrors = 0;
        long totalCpu = 0;
        for (int t = 0; t < threads; t++) {
            latency.add(latencies[t]);
            totalUnits += units[t];
            totalErrors += errors[t];
            totalCpu += cpuNanos[t];
        }
        return new Run(workload, variant, round, totalUnits, nanos, latency, totalErrors, firstError.get(),
                totalUnits == 0 ? 0 : (double) totalCpu / totalUnits,
                perUnit(sent.statements(), background.statements(), nanos, totalUnits),
                perUnit(sent.selects(), background.selects(), nanos, totalUnits),
                jvmCpuBefore < 0 || totalUnits == 0 ? -1 : (double) jvmCpu / totalUnits,
                cpuPerUnit(sent.cpuNanos(), totalUnits), commandsPerUnit(sent.commands(), totalUnits), loadAverage());
    }

    /** Takes {@code count} statements off the replicas' counts (all nodes but the first), in proportion to each. */
    private static void withoutReplicaBackground(long[] counts, long count) {
        long total = 0;
        for (int i = 1; i < counts.length; i++) {
            total += counts[i];
        }
        for (int i = 1; i < counts.length && total > 0; i++) {
            counts[i] = Math.max(0, counts[i] - Math.round((double) count * counts[i] / total));
        }
    }

    /** Counts per unit of work, per node, with the background rate taken off. */
    private static double[] perUnit(long[] counts, double[] backgroundRates, long nanos, long units) {
        double[] perUnit = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            double own = Math.max(0, counts[i] - backgroundRates[i] * nanos / 1e9);
            perUnit[i] = units == 0 ? 0 : own / units;
        }
        return perUnit;
    }

    /** Each server's CPU time per unit of work; -1 where it was not read. */
    private static double[] cpuPerUnit(long[] cpuNanos, long units) {
        double[] perUnit = new double[cpuNanos.length];
        for (int i = 0; i < cpuNanos.length; i++) {
            perUnit[i] = cpuNanos[i] < 0 || units == 0 ? -1 : (double) cpuNanos[i] / units;
        }
        return perUnit;
    }

    /** Each command counter's increase per unit of work: on the primary (the first node), and on the replicas. */
    private static Map<String, double[]> commandsPerUnit(List<Map<String, Long>> perNode, long units) {
        Map<String, double[]> perUnit = new TreeMap<>();
        for (int i = 0; i < perNode.size() && units > 0; i++) {
            int side = i == 0 ? 0 : 1;
            perNode.get(i).forEach((name, count) ->
                    perUnit.computeIfAbsent(name, n -> new double[2])[side] += (double) count / units);
        }
        return perUnit;
    }

    /** The one-minute load average, or -1 where /proc/loadavg cannot be read. */
    static double loadAverage() {
        try {
            String line = Files.readString(Path.of("/proc/loadavg"));
            return Double.parseDouble(line.substring(0, line.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
