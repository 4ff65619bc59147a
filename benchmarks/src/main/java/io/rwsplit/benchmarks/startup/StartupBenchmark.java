package io.rwsplit.benchmarks.startup;

import io.rwsplit.benchmarks.BenchCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long an app waits for its first statement: against a local 1+2 cluster, each variant in {@code runs} fresh
 * JVMs ({@link FirstStatement}), interleaved, and the median and range printed. Direct Connector/J on the primary is
 * the baseline. Arguments: {@code runs=5}.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        for (String arg : args) {
            if (arg.startsWith("runs=")) {
                runs = Integer.parseInt(arg.substring(5));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; expected runs=N");
            }
        }
        try (BenchCluster bench = BenchCluster.start("startup", 2, 100)) {
            Map<String, String> urls = Map.of(
                    "connector-j (primary)", bench.cluster().primary().jdbcUrl(),
                    "rwsplit", bench.rwsplitUrl("startup", ""));
            List<String> variants = List.of("connector-j (primary)", "rwsplit");
            long[][] sinceMain = new long[variants.size()][runs];
            long[][] sinceJvm = new long[variants.size()][runs];
            for (int run = 0; run < runs; run++) {
                for (int v = 0; v < variants.size(); v++) {
                    long[] times = firstStatement(urls.get(variants.get(v)), bench);
                    sinceMain[v][run] = times[0];
                    sinceJvm[v][run] = times[1];
                    System.out.printf(Locale.ROOT, "run %d  %-22s  %5d ms after main()  %5d ms after the JVM's start%n",
                            run + 1, variants.get(v), times[0], times[1]);
                }
            }
            System.out.println();
            System.out.println("| variant | first statement after main(): median (min-max) | after the JVM's start: median |");
            System.out.println("| --- | --- | --- |");
            for (int v = 0; v < variants.size(); v++) {
                long[] main = sinceMain[v].clone();
                Arrays.sort(main);
                long[] jvm = sinceJvm[v].clone();
                Arrays.sort(jvm);
                System.out.printf(Locale.ROOT, "| %s | %d ms (%d-%d) | %d ms |%n", variants.get(v), main[runs / 2],
                        main[0], main[runs - 1], jvm[runs / 2]);
            }
        }
    }

    /** Runs {@link FirstStatement} in a fresh JVM with this one's class path: ms after main(), after JVM start. */
    private static long[] firstStatement(String url, BenchCluster bench) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                FirstStatement.class.getName(), url, bench.cluster().app().user(), bench.cluster().app().password()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("first-statement ")) {
                    result = line;
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || result == null) {
            throw new IllegalStateException("the first statement failed:\n" + output);
        }
        if (Boolean.getBoolean("startup.verbose")) {
            System.out.print(output);
        }
        String[] parts = result.split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }
}
