package io.rwsplit.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The load benchmark's results: per workload and variant, the median throughput over the rounds, each round's
 * ratio to the baseline variant's run of the same round, latency percentiles over all rounds, the application's CPU
 * time per unit of work, the statements and SELECTs the servers received per unit of work, and the load average;
 * then the targets.
 */
final class Report {

    /** One workload and variant over all rounds. */
    record Summary(Workload workload, Variant variant, List<Run> runs, double median, Histogram latency) {

        static Summary of(List<Run> runs) {
            double median = Report.median(runs.stream().mapToDouble(Run::unitsPerSecond));
            Histogram latency = new Histogram(runs.get(0).latency().getHighestTrackableValue(), 3);
            for (Run run : runs) {
                latency.add(run.latency());
            }
            return new Summary(runs.get(0).workload(), runs.get(0).variant(), runs, median, latency);
        }

        /** Median over the rounds of the application's CPU time per unit of work, in µs. */
        double cpuMicros() {
            return Report.median(runs.stream().mapToDouble(Run::cpuNanos)) / 1000.0;
        }

        double micros(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }

        double primaryStatements() {
            return runs.stream().mapToDouble(Run::statementsOnPrimary).average().orElse(0);
        }

        double replicaStatements() {
            return runs.stream().mapToDouble(Run::statementsOnReplicas).average().orElse(0);
        }

        double primarySelects() {
            return runs.stream().mapToDouble(Run::selectsOnPrimary).average().orElse(0);
        }

        double replicaSelects() {
            return runs.stream().mapToDouble(Run::selectsOnReplicas).average().orElse(0);
        }

        /** Median over the rounds of {@code perUnit}, in µs; -1 when a round could not measure it. */
        double medianMicros(java.util.function.ToDoubleFunction<Run> perUnit) {
            if (runs.stream().anyMatch(run -> perUnit.applyAsDouble(run) < 0)) {
                return -1;
            }
            return Report.median(runs.stream().mapToDouble(perUnit)) / 1000.0;
        }

        long errors() {
            return runs.stream().mapToLong(Run::errors).sum();
        }

        String loadRange() {
            double min = runs.stream().mapToDouble(Run::loadAverage).min().orElse(-1);
            double max = runs.stream().mapToDouble(Run::loadAverage).max().orElse(-1);
            return min == max ? format("%.2f", min) : format("%.2f-%.2f", min, max);
        }
    }

    private final List<Workload> workloads;
    private final List<Variant> variants;
    private final Map<Workload, Map<Variant, Summary>> summaries;

    Report(Options options, List<Run> runs) {
        this.workloads = options.workloads();
        this.variants = options.variants();
        this.summaries = runs.stream().collect(Collectors.groupingBy(Run::workload,
                Collectors.collectingAndThen(Collectors.groupingBy(Run::variant), byVariant -> {
                    Map<Variant, Summary> map = new java.util.EnumMap<>(Variant.class);
                    byVariant.forEach((variant, list) -> map.put(variant, Summary.of(list)));
                    return map;
                })));
    }

    private Variant baseline() {
        return variants.get(0);
    }

    /** The results as a markdown table, one row per workload and variant. */
    String table() {
        StringBuilder out = new StringBuilder();
        String base = baseline().key();
        out.append("| workload | variant | units/s (median) | x ").append(base)
                .append(" per round | p50 µs | p99 µs | p99.9 µs | p50 / p99 vs ").append(base)
                .append(" µs | app CPU µs/unit (vs ").append(base)
                .append(") | statements/unit primary + replicas | SELECTs/unit primary + replicas | load avg |\n");
        out.append("|---|---|--:|---|--:|--:|--:|---|---|---|---|---|\n");
        forEachSummary((workload, variant, s, baseline) -> out.append("| ").append(workload.name())
                    .append(" | ").append(variant.key())
                    .append(s.errors() > 0 ? " (" + s.errors() + " errors)" : "")
                    .append(" | ").append(format("%,.0f", s.median()))
                    .append(" | ").append(roundRatios(s, baseline))
                    .append(" | ").append(format("%.1f", s.micros(50)))
                    .append(" | ").append(format("%.1f", s.micros(99)))
                    .append(" | ").append(format("%.1f", s.micros(99.9)))
                    .append(" | ").append(variant == baseline() || baseline == null ? "" : format("%+.1f / %+.1f",
                            s.micros(50) - baseline.micros(50), s.micros(99) - baseline.micros(99)))
                    .append(" | ").append(format("%.1f", s.cpuMicros()))
                    .append(variant == baseline() || baseline == null ? ""
                            : format(" (%+.1f)", s.cpuMicros() - baseline.cpuMicros()))
                    .append(" | ").append(format("%.2f + %.2f", s.primaryStatements(), s.replicaStatements()))
                    .append(" | ").append(format("%.2f + %.2f", s.primarySelects(), s.replicaSelects()))
                    .append(" | ").append(s.loadRange())
                    .append(" |\n"));
        return out.toString();
    }

    /**
     * What a unit of work cost the whole machine, by process: on shared cores the servers' CPU competes with the
     * application's, so a variant that moves work between servers shows here what it saves or adds.
     */
    String cpuTable() {
        StringBuilder out = new StringBuilder();
        String base = baseline().key();
        out.append("| workload | variant | JVM CPU µs/unit (all threads) | primary | replicas | machine | x ")
                .append(base).append(" |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|\n");
        forEachSummary((workload, variant, s, baseline) -> {
            double baseMachine = baseline == null ? -1 : baseline.medianMicros(Run::machineCpuNanos);
            double machine = s.medianMicros(Run::machineCpuNanos);
            out.append("| ").append(workload.name()).append(" | ").append(variant.key())
                    .append(" | ").append(micros(s.medianMicros(Run::jvmCpuNanos)))
                    .append(" | ").append(micros(s.medianMicros(Run::serverCpuOnPrimary)))
                    .append(" | ").append(micros(s.medianMicros(Run::serverCpuOnReplicas)))
                    .append(" | ").append(micros(machine))
                    .append(" | ").append(machine < 0 || baseMachine <= 0 ? "" : format("%.3f", machine / baseMachine))
                    .append(" |\n");
        });
        return out.toString();
    }

    /**
     * Per workload and variant, the server commands that came at least once per hundred units of work, as
     * primary + replicas per unit (the median round): what each variant sends besides its queries.
     */
    String commandLines() {
        StringBuilder out = new StringBuilder();
        forEachSummary((workload, variant, s, baseline) -> {
            Run middle = s.runs().stream().sorted(java.util.Comparator.comparingDouble(Run::unitsPerSecond))
                    .toList().get(s.runs().size() / 2);
            out.append("- ").append(workload.name()).append(' ').append(variant.key()).append(':');
            middle.commands().forEach((name, sides) -> {
                if (sides[0] + sides[1] >= 0.01) {
                    out.append(' ').append(name).append(format(" %.2f+%.2f", sides[0], sides[1]));
                }
            });
            out.append('\n');
        });
        return out.toString();
    }

    /** One row of a table: a workload and variant's summary, and its workload's baseline summary (null if none). */
    private interface Row {
        void add(Workload workload, Variant variant, Summary summary, Summary baseline);
    }

    /** Each workload and variant that ran, in the order they were asked for. */
    private void forEachSummary(Row row) {
        for (Workload workload : workloads) {
            Map<Variant, Summary> byVariant = summaries.get(workload);
            if (byVariant == null) {
                continue;
            }
            for (Variant variant : variants) {
                Summary s = byVariant.get(variant);
                if (s != null) {
                    row.add(workload, variant, s, byVariant.get(baseline()));
                }
            }
        }
    }

    private static String micros(double value) {
        return value < 0 ? "?" : format("%.1f", value);
    }

    private static String roundRatios(Summary s, Summary baseline) {
        if (baseline == null) {
            return "";
        }
        return String.join(" / ", ratiosByRound(s, baseline).stream().map(r -> format("%.3f", r)).toList());
    }

    /** Each round's throughput over the baseline's in the same round: the comparison machine noise disturbs least. */
    private static List<Double> ratiosByRound(Summary s, Summary baseline) {
        return byRound(s, baseline, (run, base) -> run.unitsPerSecond() / base.unitsPerSecond());
    }

    /**
     * Each round's latency percentile minus the baseline's in the same round, in µs: like the ratios, a comparison
     * within a round, which a round the whole machine ran slow in cannot swing the way it swings pooled percentiles.
     */
    private static List<Double> addedByRound(Summary s, Summary baseline, double percentile) {
        return byRound(s, baseline, (run, base) -> (run.latency().getValueAtPercentile(percentile)
                - base.latency().getValueAtPercentile(percentile)) / 1000.0);
    }

    /** {@code compare} applied to each of the variant's runs and the baseline's run of the same round. */
    private static List<Double> byRound(Summary s, Summary baseline, ToDoubleBiFunction<Run, Run> compare) {
        List<Double> compared = new ArrayList<>();
        for (Run run : s.runs()) {
            baseline.runs().stream().filter(b -> b.round() == run.round()).findFirst().ifPresent(b ->
                    compared.add(compare.applyAsDouble(run, b)));
        }
        return compared;
    }

    private static double medianRatio(Summary s, Summary baseline) {
        return median(ratiosByRound(s, baseline).stream().mapToDouble(Double::doubleValue));
    }

    static double median(java.util.stream.DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The targets that these results can judge, each with its figures and met or missed. */
    String targets() {
        StringBuilder out = new StringBuilder();
        // rwsplit over one replica against direct to that replica is the target's own comparison; rwsplit over two
        // replicas alternates between them, so it is also set against direct doing the same.
        Variant[][] pairs = {{Variant.RWSPLIT_ONE_REPLICA, Variant.DIRECT},
                {Variant.RWSPLIT, Variant.DIRECT_TWO_REPLICAS}, {Variant.RWSPLIT, Variant.DIRECT}};
        for (Variant[] pair : pairs) {
            Summary rwsplit = summary(Workload.parse("ps-1t"), pair[0]);
            Summary direct = summary(Workload.parse("ps-1t"), pair[1]);
            if (direct == null || rwsplit == null) {
                continue;
            }
            double ratio = medianRatio(rwsplit, direct);
            out.append(line(ratio >= 0.97, format("ps-1t throughput of %s >= 0.97 x %s: %.3f, the median of"
                            + " the rounds' ratios (rounds: %s)",
                    pair[0].key(), pair[1].key(), ratio, roundRatios(rwsplit, direct))));
            List<Double> addedP99 = addedByRound(rwsplit, direct, 99);
            double medianAddedP99 = median(addedP99.stream().mapToDouble(Double::doubleValue));
            out.append(line(medianAddedP99 < 20, format("ps-1t p99 added latency of %s over %s < 20 µs: %+.1f µs,"
                            + " the median of the rounds' differences (rounds: %s; all rounds pooled %+.1f µs;"
                            + " p50 %+.1f µs; application CPU per select %+.1f µs)", pair[0].key(), pair[1].key(),
                    medianAddedP99, String.join(" / ", addedP99.stream().map(d -> format("%+.1f", d)).toList()),
                    rwsplit.micros(99) - direct.micros(99), rwsplit.micros(50) - direct.micros(50),
                    rwsplit.cpuMicros() - direct.cpuMicros())));
        }
        for (Workload workload : workloads) {
            if (workload.kind() == Workload.Kind.ORM || workload.kind() == Workload.Kind.BEGIN
                    || workload.kind() == Workload.Kind.ONECONN) {
                primaryBaselineTargets(out, workload);
            }
            if (workload.kind() == Workload.Kind.ROTX) {
                journalCost(out, workload);
            }
        }
        for (Workload workload : workloads) {
            for (Variant variant : List.of(Variant.RWSPLIT, Variant.RWSPLIT_RYW_OFF)) {
                Summary ours = summary(workload, variant);
                for (Variant other : List.of(Variant.CJ_REPLICATION, Variant.CJ_REPLICATION_LSS)) {
                    Summary theirs = summary(workload, other);
                    if (ours != null && theirs != null) {
                        double ratio = medianRatio(ours, theirs);
                        out.append(line(ratio > 1, format("%s: %s ahead of %s: %.3f x, the median of the rounds'"
                                        + " ratios (rounds: %s)",
                                workload.name(), variant.key(), other.key(), ratio, roundRatios(ours, theirs))));
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Work an app runs on one connection (transactions as ORMs run them; reads and a write): at least 80% of its reads
     * on replicas, within 5% of direct Connector/J's throughput (here the primary: such an app has no other server).
     */
    private void primaryBaselineTargets(StringBuilder out, Workload workload) {
        Summary direct = summary(workload, Variant.DIRECT);
        for (Variant variant : List.of(Variant.RWSPLIT_OPTIMISTIC, Variant.RWSPLIT)) {
            Summary ours = summary(workload, variant);
            if (ours == null) {
                continue;
            }
            double selects = ours.primarySelects() + ours.replicaSelects();
            double share = selects == 0 ? 0 : ours.replicaSelects() / selects;
            out.append(line(share >= 0.80, format("%s: %s sends >= 80%% of its reads to replicas: %.1f%%",
                    workload.name(), variant.key(), 100 * share)));
            if (direct != null) {
                double ratio = medianRatio(ours, direct);
                out.append(line(ratio >= 0.95, format("%s: throughput of %s >= 0.95 x direct: %.3f, the median of"
                        + " the rounds' ratios (rounds: %s)", workload.name(), variant.key(), ratio,
                        roundRatios(ours, direct))));
            }
        }
    }

    /**
     * What the transaction journal costs a read-only transaction on a replica: application CPU per transaction with
     * it and without it. (An optimistic transaction cannot do without it.)
     */
    private void journalCost(StringBuilder out, Workload workload) {
        Variant journaled = Variant.RWSPLIT;
        Summary with = summary(workload, journaled);
        Summary without = summary(workload, Variant.RWSPLIT_NO_JOURNAL);
        if (with != null && without != null) {
            out.append(format("- %s: the journal costs %+.1f µs of application CPU per transaction (%s %.1f µs,"
                            + " %s %.1f µs); throughput %.3f x without it%n", workload.name(),
                    with.cpuMicros() - without.cpuMicros(), journaled.key(), with.cpuMicros(),
                    Variant.RWSPLIT_NO_JOURNAL.key(), without.cpuMicros(), medianRatio(with, without)));
        }
    }

    private Summary summary(Workload workload, Variant variant) {
        Map<Variant, Summary> byVariant = summaries.get(workload);
        return byVariant == null ? null : byVariant.get(variant);
    }

    private static String line(boolean met, String text) {
        return "- " + (met ? "met" : "MISSED") + ": " + text + "\n";
    }

    /** The per-run line printed while the benchmark runs. */
    static String progress(Run run, int rounds) {
        return format("%-8s round %d/%d  %-19s %,10.0f units/s  p50 %7.1f µs  p99 %7.1f µs  p99.9 %7.1f µs"
                        + "  cpu %5.1f µs/unit (machine %s)  statements/unit %.2f + %.2f  SELECTs/unit %.2f + %.2f  load %.2f%s",
                run.workload().name(), run.round(), rounds, run.variant().key(), run.unitsPerSecond(),
                run.latency().getValueAtPercentile(50) / 1000.0, run.latency().getValueAtPercentile(99) / 1000.0,
                run.latency().getValueAtPercentile(99.9) / 1000.0, run.cpuNanos() / 1000.0,
                micros(run.machineCpuNanos() < 0 ? -1 : run.machineCpuNanos() / 1000.0), run.statementsOnPrimary(),
                run.statementsOnReplicas(), run.selectsOnPrimary(), run.selectsOnReplicas(), run.loadAverage(),
                run.errors() > 0 ? "  " + run.errors() + " ERRORS, first: " + run.firstError() : "");
    }

    static String describe(List<Variant> variants, List<Workload> workloads) {
        StringBuilder out = new StringBuilder();
        for (Variant variant : variants) {
            out.append("- `").append(variant.key()).append("`: ").append(variant.description()).append('\n');
        }
        Arrays.stream(Workload.Kind.values())
                .filter(kind -> workloads.stream().anyMatch(w -> w.kind() == kind))
                .forEach(kind -> out.append("- `").append(kind.key()).append("-<n>t`: ").append(kind.description())
                        .append(", n threads\n"));
        return out.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
