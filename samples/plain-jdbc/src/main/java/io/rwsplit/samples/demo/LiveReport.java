package io.rwsplit.samples.demo;

import io.rwsplit.ClusterStatus;
import io.rwsplit.consistency.ConsistencyStatistics;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.routing.Route;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The demo's live line a second and its closing summary, built from the driver's status snapshots. */
final class LiveReport {

    private final Map<Endpoint, Long> previous = new HashMap<>();
    private final Map<Endpoint, Long> maxLag = new HashMap<>();
    private final ClusterStatus first;
    private final PrintStream out;

    LiveReport(ClusterStatus first, PrintStream out) {
        this.first = first;
        this.out = out;
        previous.putAll(first.statementsByServer());
    }

    void line(long second, ClusterStatus status) {
        StringBuilder line = new StringBuilder(String.format("[%3ds] statements/s:", second));
        status.statementsByServer().forEach((endpoint, count) -> {
            long delta = count - previous.getOrDefault(endpoint, 0L);
            previous.put(endpoint, count);
            line.append(String.format(" %s %s=%d", role(status, endpoint), endpoint, delta));
        });
        line.append(" | replicas:");
        for (ReplicaStatus replica : status.replicas()) {
            maxLag.merge(replica.endpoint(), Math.max(0, replica.lagMillis()), Math::max);
            line.append(String.format(" %s %s lag=%s%s", replica.endpoint(), replica.state(),
                    replica.lagMillis() < 0 ? "?" : replica.lagMillis() + "ms", replica.serving() ? "" : " (out)"));
        }
        out.println(line);
    }

    void summary(ClusterStatus last, long operations, long failures, Duration length) {
        out.println();
        out.println("Summary");
        out.println("| server | role | statements | max lag seen |");
        out.println("| --- | --- | ---: | ---: |");
        last.statementsByServer().forEach((endpoint, count) -> out.printf("| %s | %s | %d | %s |%n",
                endpoint, role(last, endpoint), count - first.statementsByServer().getOrDefault(endpoint, 0L),
                endpoint.equals(last.primary()) ? "-" : maxLag.getOrDefault(endpoint, 0L) + " ms"));
        long replicaReads = 0;
        long primaryReads = 0;
        long fallbacks = 0;
        for (Map.Entry<Route, Long> entry : last.statementsByRoute().entrySet()) {
            switch (entry.getKey()) {
                case REPLICA_READ, REPLICA_HINT, REPLICA_TRANSACTION -> replicaReads += entry.getValue();
                case PRIMARY_SESSION_READ, PRIMARY_LOCKING_READ, PRIMARY_TEMPORARY_TABLE, PRIMARY_READ_YOUR_WRITES ->
                        primaryReads += entry.getValue();
                case PRIMARY_FALLBACK -> fallbacks += entry.getValue();
                default -> { }
            }
        }
        out.println();
        out.printf("App operations: %d in %d s (%d failed)%n", operations, length.toSeconds(), failures);
        out.printf("Reads started on replicas: %d; reads that had to run on the primary: %d;"
                + " fallbacks (no replica): %d%n", replicaReads, primaryReads, fallbacks);
        ConsistencyStatistics causal = last.readYourWrites();
        out.printf("Read-your-writes (%s): %d reads after a write served by a replica known to have it, %d after"
                + " a wait (%d waits), %d on the primary; %d catch-up waits off the app's threads%n", causal.mode(),
                causal.coveredReads(), causal.waitsReached(), causal.waits(), causal.primaryReads(),
                causal.catchUpWaits());
        out.println("Statements by routing reason: " + last.statementsByRoute());
    }

    private static String role(ClusterStatus status, Endpoint endpoint) {
        return endpoint.equals(status.primary()) ? "primary" : "replica";
    }
}
