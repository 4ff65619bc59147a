package io.rwsplit.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.routing.Route;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The cluster's figures as Micrometer meters in the global registry (Spring Boot adds its registries there). Loaded
 * only after {@link ClusterLauncher} found Micrometer on the classpath: verifying this class loads Micrometer types.
 */
final class MicrometerMeters {

    private final MeterRegistry registry = Metrics.globalRegistry;
    private final List<Meter> meters = new ArrayList<>();
    private final Set<Endpoint> servers = new HashSet<>();
    private final Set<Endpoint> replicas = new HashSet<>();
    private final Cluster cluster;
    private final Tags clusterTag;
    private boolean unbound;

    private MicrometerMeters(Cluster cluster) {
        this.cluster = cluster;
        this.clusterTag = Tags.of("cluster", cluster.name());
    }

    static MicrometerMeters bind(Cluster cluster) {
        MicrometerMeters bound = new MicrometerMeters(cluster);
        Tags clusterTag = bound.clusterTag;
        for (Endpoint server : cluster.statistics().perBackend().keySet()) {
            bound.bindStatements(server);
        }
        for (ReplicaStatus replica : cluster.snapshot().replicas()) {
            bound.bindReplica(replica.endpoint());
        }
        // A server that becomes a replica later (discovered, or a demoted primary) gets its meters when the monitor
        // first tells of it as one.
        cluster.monitor().addListener((previous, current, snapshot) -> {
            bound.bindStatements(current.endpoint());
            bound.bindReplica(current.endpoint());
        });
        bound.meters.add(FunctionCounter.builder("rwsplit.primary.changes", cluster, Cluster::primaryChanges)
                .description("Times the primary moved, became unknown or was known again").tags(clusterTag)
                .register(bound.registry));
        bound.gauge("rwsplit.primary.known", null, "1 while the monitor knows the one primary", clusterTag, cluster,
                c -> c.primary() == null ? 0 : 1);
        bound.meters.add(FunctionCounter.builder("rwsplit.primary.unavailable", cluster,
                        c -> c.topologyStatistics().noPrimary())
                .description("Statements that found no primary within rwsplit.primaryWait (not executed)")
                .tags(clusterTag).register(bound.registry));
        bound.meters.add(FunctionCounter.builder("rwsplit.writes.retried", cluster,
                        c -> c.topologyStatistics().writesRetried())
                .description("Writes refused as read-only by a demoted primary and run on the new one")
                .tags(clusterTag).register(bound.registry));
        bound.meters.add(FunctionCounter.builder("rwsplit.transactions.rolled.back", cluster,
                        c -> c.topologyStatistics().transactionsLost())
                .description("Transactions rolled back with SQLState 40001: they could not go on elsewhere")
                .tags(clusterTag.and("reason", "primary-replaced")).register(bound.registry));
        for (Route route : Route.values()) {
            bound.meters.add(FunctionCounter.builder("rwsplit.statements.routed", cluster,
                            c -> c.statistics().perRoute().getOrDefault(route, 0L))
                    .description("Statements per routing decision")
                    .tags(clusterTag.and("route", route.name().toLowerCase(java.util.Locale.ROOT)))
                    .register(bound.registry));
        }
        bound.meters.add(FunctionCounter.builder("rwsplit.retries", cluster, c -> c.statistics().retries())
                .description("Replica reads retried elsewhere").tags(clusterTag).register(bound.registry));
        // Transactions moved between servers by replaying their journal, and those rolled back with 40001.
        bound.meters.add(FunctionCounter.builder("rwsplit.transactions.moved", cluster,
                        c -> c.transactionStatistics().promotions())
                .description("Optimistic transactions moved to the primary at their first write")
                .tags(clusterTag.and("why", "promotion")).register(bound.registry));
        bound.meters.add(FunctionCounter.builder("rwsplit.transactions.moved", cluster,
                        c -> c.transactionStatistics().replays())
                .description("Transactions that went on elsewhere after their replica failed")
                .tags(clusterTag.and("why", "replica-failed")).register(bound.registry));
        for (TransactionStatistics.Mismatch reason : TransactionStatistics.Mismatch.values()) {
            bound.meters.add(FunctionCounter.builder("rwsplit.transactions.rolled.back", cluster,
                            c -> c.transactionStatistics().mismatches(reason))
                    .description("Transactions rolled back with SQLState 40001: they could not go on elsewhere")
                    .tags(clusterTag.and("reason", reason.key())).register(bound.registry));
        }
        // Read-your-writes, as the MXBean's Causal* attributes: how reads after a write were served.
        bound.causalCounter("covered", "served by a replica known to have the write", clusterTag, cluster,
                c -> c.causalReads().statistics().coveredReads());
        bound.causalCounter("wait", "waits on a replica for the write", clusterTag, cluster,
                c -> c.causalReads().statistics().waits());
        bound.causalCounter("wait-reached", "waits that saw the write arrive in time", clusterTag, cluster,
                c -> c.causalReads().statistics().waitsReached());
        bound.causalCounter("primary", "sent to the primary", clusterTag, cluster,
                c -> c.causalReads().statistics().primaryReads());
        bound.causalCounter("catch-up-wait", "background waits that learn when a replica has the write", clusterTag,
                cluster, c -> c.causalReads().statistics().catchUpWaits());
        bound.causalCounter("transaction-start-wait", "transactions that waited a little at their start for the "
                + "watcher to see their replica have the write", clusterTag, cluster,
                c -> c.causalReads().statistics().transactionStartWaits());
        return bound;
    }

    /** A replica's meters: lag, transactions behind, serving. */
    private synchronized void bindReplica(Endpoint endpoint) {
        if (unbound || !replicas.add(endpoint)) {
            return;
        }
        Tags tags = clusterTag.and("replica", endpoint.toString());
        gauge("rwsplit.replica.lag", "ms", "Replication lag; -1 when unknown", tags, cluster,
                c -> status(c, endpoint) == null ? -1 : status(c, endpoint).lagMillis());
        gauge("rwsplit.replica.transactions.behind", null, "Transactions not yet applied; -1 when unknown",
                tags, cluster, c -> status(c, endpoint) == null ? -1 : status(c, endpoint).transactionsBehind());
        gauge("rwsplit.replica.serving", null, "1 while the replica serves reads", tags, cluster,
                c -> c.snapshot().isServing(endpoint) ? 1 : 0);
    }

    /** Statements run on a server. */
    private synchronized void bindStatements(Endpoint endpoint) {
        if (unbound || !servers.add(endpoint)) {
            return;
        }
        meters.add(FunctionCounter.builder("rwsplit.statements", cluster,
                        c -> c.statistics().perBackend().getOrDefault(endpoint, 0L))
                .description("Statements run per server").tags(clusterTag.and("server", endpoint.toString()))
                .register(registry));
    }

    private void gauge(String name, String unit, String description, Tags tags, Cluster cluster,
                       ToDoubleFunction<Cluster> value) {
        meters.add(Gauge.builder(name, cluster, value).baseUnit(unit).description(description).tags(tags)
                .register(registry));
    }

    private void causalCounter(String outcome, String description, Tags tags, Cluster cluster,
                               ToDoubleFunction<Cluster> value) {
        meters.add(FunctionCounter.builder("rwsplit.read.your.writes", cluster, value)
                .description("Reads after a write: " + description).tags(tags.and("outcome", outcome))
                .register(registry));
    }

    private static ReplicaStatus status(Cluster cluster, Endpoint endpoint) {
        return cluster.snapshot().status(endpoint);
    }

    synchronized void unbind() {
        unbound = true;
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
    }
}
