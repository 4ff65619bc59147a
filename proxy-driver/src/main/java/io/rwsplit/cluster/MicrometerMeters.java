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
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The cluster's figures as Micrometer meters in the global registry (Spring Boot adds its registries there). Loaded
 * only after {@link ClusterLauncher} found Micrometer on the classpath: verifying this class loads Micrometer types.
 */
final class MicrometerMeters {

    private final MeterRegistry registry = Metrics.globalRegistry;
    private final List<Meter> meters = new ArrayList<>();

    private MicrometerMeters() {
    }

    static MicrometerMeters bind(Cluster cluster) {
        MicrometerMeters bound = new MicrometerMeters();
        Tags clusterTag = Tags.of("cluster", cluster.name());
        for (Backend replica : cluster.replicas()) {
            Endpoint endpoint = replica.endpoint();
            Tags tags = clusterTag.and("replica", endpoint.toString());
            bound.gauge("rwsplit.replica.lag", "ms", "Replication lag; -1 when unknown", tags, cluster,
                    c -> status(c, endpoint) == null ? -1 : status(c, endpoint).lagMillis());
            bound.gauge("rwsplit.replica.transactions.behind", null, "Transactions not yet applied; -1 when unknown",
                    tags, cluster, c -> status(c, endpoint) == null ? -1 : status(c, endpoint).transactionsBehind());
            bound.gauge("rwsplit.replica.serving", null, "1 while the replica serves reads", tags, cluster,
                    c -> c.snapshot().isServing(endpoint) ? 1 : 0);
        }
        List<Endpoint> servers = new ArrayList<>(cluster.statistics().perBackend().keySet());
        for (Endpoint server : servers) {
            bound.meters.add(FunctionCounter.builder("rwsplit.statements", cluster,
                            c -> c.statistics().perBackend().getOrDefault(server, 0L))
                    .description("Statements run per server").tags(clusterTag.and("server", server.toString()))
                    .register(bound.registry));
        }
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
        return bound;
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

    void unbind() {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
    }
}
