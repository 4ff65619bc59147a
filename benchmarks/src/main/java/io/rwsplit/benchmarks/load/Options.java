package io.rwsplit.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The load benchmark's settings, from {@code key=value} arguments:
 * <pre>
 *   seconds=2      length of one measured run (one workload, one variant, one round)
 *   rounds=3       rounds; each round runs every variant once per workload, in order (A B C A B C ...)
 *   warmup=5       seconds of unmeasured warm-up per workload and variant, before the first round (on two busy
 *                  cores the JIT compiler is still at work after 1 s: the first rounds ran at half speed)
 *   rows=10000     rows in the items table
 *   variants=direct,direct-2r,rwsplit,rwsplit-ryw-off,rwsplit-1r,cj-replication,cj-replication-lss
 *                  the first is the baseline of the ratios
 *   workloads=ps-1t,ps-4t,stmt-1t,mix-4t,rotx-4t               kind-threads: ps, stmt, mix, rotx; 1 to 64 threads
 *   out=target/load-results.md   the markdown report
 * </pre>
 */
record Options(Duration runLength, int rounds, Duration warmup, int rows, List<Variant> variants,
               List<Workload> workloads, Path out) {

    static final String USAGE = "arguments: [seconds=2] [rounds=3] [warmup=5] [rows=10000]"
            + " [variants=" + String.join(",", Variant.keys()) + "]"
            + " [workloads=ps-1t,ps-4t,stmt-1t,mix-4t,rotx-4t,orm-4t] [out=target/load-results.md]";

    static Options parse(String[] args) {
        Duration runLength = Duration.ofSeconds(2);
        int rounds = 3;
        Duration warmup = Duration.ofSeconds(5);
        int rows = 10_000;
        List<Variant> variants = Arrays.asList(Variant.values());
        List<Workload> workloads = Workload.DEFAULTS;
        Path out = Path.of("target", "load-results.md");
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("'" + arg + "' is not key=value; " + USAGE);
            }
            String key = arg.substring(0, equals);
            String value = arg.substring(equals + 1);
            switch (key) {
                case "seconds" -> runLength = Duration.ofMillis(Math.round(number(key, value, 0.1, 600) * 1000));
                case "rounds" -> rounds = (int) number(key, value, 1, 100);
                case "warmup" -> warmup = Duration.ofMillis(Math.round(number(key, value, 0, 600) * 1000));
                case "rows" -> rows = (int) number(key, value, 100, 10_000_000);
                case "variants" -> variants = list(value).stream().map(Variant::ofKey).toList();
                case "workloads" -> workloads = list(value).stream().map(Workload::parse).toList();
                case "out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown setting '" + key + "'; " + USAGE);
            }
        }
        if (variants.isEmpty() || workloads.isEmpty()) {
            throw new IllegalArgumentException("at least one variant and one workload; " + USAGE);
        }
        return new Options(runLength, rounds, warmup, rows, variants, workloads, out);
    }

    private static double number(String key, String value, double min, double max) {
        try {
            double number = Double.parseDouble(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(key + "=" + value + ": expected a number from " + min + " to " + max);
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** The most threads any workload uses: every pool has that many connections. */
    int poolSize() {
        return workloads.stream().mapToInt(Workload::threads).max().orElse(1);
    }

    /** How long the measured part takes, warm-up included. */
    Duration plannedLength() {
        long runs = (long) variants.size() * workloads.size();
        return runLength.multipliedBy(runs * rounds).plus(warmup.multipliedBy(runs));
    }
}
