package io.rwsplit.benchmarks.load;

import io.rwsplit.RwSplit;
import io.rwsplit.benchmarks.BenchCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load benchmark: starts a local cluster (one primary, two replicas) with the testkit, opens every variant's
 * pools, and runs each workload on each variant in interleaved rounds (A B C A B C ...), so that noise from the
 * rest of the machine shows as spread between rounds rather than as a difference between variants. Prints a line
 * per run, then a table and the targets, and writes them to a markdown file. Removes the cluster when done.
 *
 * <p>Arguments: see {@link Options}; e.g. {@code seconds=5 rounds=5 workloads=ps-1t,ps-4t}.
 */
public final class LoadBenchmark {

    private static final Duration SERVING_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BACKGROUND_WINDOW = Duration.ofSeconds(2);

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "Load benchmark: %d workloads x %d variants x %d rounds x %.1f s"
                        + " + %.1f s warm-up each: about %d s, plus the cluster's start%n",
                options.workloads().size(), options.variants().size(), options.rounds(),
                options.runLength().toMillis() / 1000.0, options.warmup().toMillis() / 1000.0,
                options.plannedLength().toSeconds());
        String startLoad = loadAverages();
        try (BenchCluster bench = BenchCluster.start("bench", 2, options.rows())) {
            System.out.println("Cluster: " + bench.cluster().version() + " at " + bench.cluster().hostList()
                    + ", " + options.rows() + " rows in items");
            Map<Variant, Access> accesses = new EnumMap<>(Variant.class);
            try {
                for (Variant variant : options.variants()) {
                    accesses.put(variant, variant.open(bench, options.poolSize()));
                }
                for (Variant variant : options.variants()) {
                    if (accesses.get(variant).style() == Access.Style.DRIVER) {
                        try (Connection connection = accesses.get(variant).forReads()) {
                            BenchCluster.awaitServing(connection, SERVING_TIMEOUT);
                        }
                    }
                }
                List<Run> runs = measure(options, bench, accesses);
                String endLoad = loadAverages();
                Report report = new Report(options, runs);
                String markdown = markdown(options, bench, report, startLoad, endLoad);
                System.out.println();
                System.out.println(report.table());
                System.out.println("CPU per unit of work, by process:");
                System.out.println(report.cpuTable());
                System.out.println("Server commands per unit of work, primary + replicas:");
                System.out.println(report.commandLines());
                System.out.println("Targets:");
                System.out.println(report.targets());
                write(options.out(), markdown);
                System.out.println("Written to " + options.out());
            } finally {
                for (Access access : accesses.values()) {
                    access.close();
                }
                RwSplit.shutdown();
            }
        }
    }

    private static List<Run> measure(Options options, BenchCluster bench, Map<Variant, Access> accesses)
            throws SQLException, InterruptedException {
        List<Run> runs = new ArrayList<>();
        try (ServerCounters counters = new ServerCounters(bench.cluster())) {
            Runner.Rates background = Runner.background(counters, BACKGROUND_WINDOW);
            Runner runner = new Runner(options.rows(), counters, background);
            if (!options.warmup().isZero()) {
                System.out.println("Warming up ...");
                for (Workload workload : options.workloads()) {
                    for (Variant variant : options.variants()) {
                        Run run = runner.run(workload, variant, accesses.get(variant), options.warmup(), 0);
                        if (run.errors() > 0) {
                            System.out.println("warm-up " + Report.progress(run, options.rounds()));
                        }
                    }
                }
            }
            for (Workload workload : options.workloads()) {
                for (int round = 1; round <= options.rounds(); round++) {
                    for (Variant variant : options.variants()) {
                        Run run = runner.run(workload, variant, accesses.get(variant), options.runLength(), round);
                        System.out.println(Report.progress(run, options.rounds()));
                        runs.add(run);
                    }
                }
            }
        }
        return runs;
    }

    private static String markdown(Options options, BenchCluster bench, Report report, String startLoad,
                                   String endLoad) {
        StringBuilder out = new StringBuilder();
        out.append("# Load benchmark results\n\n");
        out.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .replaceFirst("\\.\\d+", "")).append('\n');
        out.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n');
        out.append("- Servers: ").append(bench.cluster().version()).append(", 1 primary + 2 replicas on this machine")
                .append("; Connector/J ").append(com.mysql.cj.Constants.CJ_VERSION).append('\n');
        out.append("- Load average (1, 5, 15 min): ").append(startLoad).append(" at the start, ").append(endLoad)
                .append(" at the end\n");
        out.append(String.format(Locale.ROOT, "- Settings: %.1f s per run, %d rounds, %.1f s warm-up per run,"
                        + " %d rows, pools of %d connections per variant%n",
                options.runLength().toMillis() / 1000.0, options.rounds(), options.warmup().toMillis() / 1000.0,
                options.rows(), options.poolSize()));
        out.append('\n').append(Report.describe(options.variants(), options.workloads())).append('\n');
        out.append(report.table()).append('\n');
        out.append("CPU per unit of work, by process (medians of the rounds):\n\n").append(report.cpuTable()).append('\n');
        out.append("Server commands per unit of work, primary + replicas (the median round; background included):\n\n")
                .append(report.commandLines()).append('\n');
        out.append("Targets:\n\n").append(report.targets());
        return out.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    private static String loadAverages() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
