package io.rwsplit;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.cluster.TopologyStatistics;
import io.rwsplit.cluster.TransactionStatistics;
import io.rwsplit.consistency.ConsistencyStatistics;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.routing.Route;
import java.util.List;
import java.util.Map;

/**
 * A point-in-time view of one cluster: the replica monitor's snapshot and the routing counters.
 *
 * @param name               the cluster's name (the log prefix)
 * @param primary            the primary's address; null while the monitor knows no single primary
 * @param primaryProblem     why no primary is known; null while one is
 * @param replicas           each replica's state, lag and position
 * @param statementsByServer statements run per server, primary first
 * @param statementsByRoute  statements per routing decision (its reason)
 * @param readYourWrites     the read-your-writes mode, and how reads that had a write to see were served
 * @param transactions       transactions moved between servers by replaying their journal, and those that could not
 *                           be (rolled back with SQLState 40001)
 * @param topology           primary changes followed, waits for a primary, writes moved to a new one, transactions
 *                           lost with the old one
 */
public record ClusterStatus(String name, Endpoint primary, String primaryProblem, List<ReplicaStatus> replicas,
                            Map<Endpoint, Long> statementsByServer, Map<Route, Long> statementsByRoute,
                            ConsistencyStatistics readYourWrites, TransactionStatistics.Counts transactions,
                            TopologyStatistics.Counts topology) {

    static ClusterStatus of(Cluster cluster) {
        ReplicaSnapshot snapshot = cluster.snapshot();
        return new ClusterStatus(cluster.name(), snapshot.primary(), snapshot.primaryProblem(), snapshot.replicas(),
                cluster.statistics().perBackend(), cluster.statistics().perRoute(),
                cluster.causalReads().statistics(), cluster.transactionStatistics().counts(),
                cluster.topologyCounts());
    }

    /** Whether the replica at {@code hostAndPort} (e.g. {@code 127.0.0.1:3307}) serves reads now. */
    public boolean isServing(String hostAndPort) {
        for (ReplicaStatus replica : replicas) {
            if (replica.endpoint().toString().equals(hostAndPort)) {
                return replica.serving();
            }
        }
        return false;
    }
}
