package io.rwsplit.benchmarks.load;

import io.rwsplit.benchmarks.BenchCluster;
import io.rwsplit.testkit.Credentials;
import io.rwsplit.testkit.ReplicationCluster;
import java.util.Arrays;
import java.util.List;

/** The ways of reaching the cluster that the load benchmark compares; the first is the baseline of the ratios. */
enum Variant {
    /** (a) Connector/J straight to replica 1 for reads; writes go to a second pool to the primary. */
    DIRECT("direct", "Connector/J to replica 1 (writes: a second pool to the primary)"),
    /**
     * (a') The same to replica 1 and replica 2 in turn, one unit of work each: what rwsplit's per-statement
     * balancing does to the servers, without rwsplit. Shows what alternating between two servers costs by itself.
     */
    DIRECT_TWO_REPLICAS("direct-2r", "Connector/J to replica 1 and replica 2 in turn, a pool each (writes: a pool"
            + " to the primary)"),
    /** (b) rwsplit over the primary and both replicas, default settings. */
    RWSPLIT("rwsplit", "jdbc:rwsplit:mysql://primary,replica1,replica2 (defaults: rwsplit.readYourWrites=gtid)"),
    /** (b5) read-your-writes by waiting on the replica, the default before the non-waiting gtid mode. */
    RWSPLIT_GTID_WAIT("rwsplit-gtid-wait", "the same with rwsplit.readYourWrites=gtid-wait"),
    /** (b') The same without read-your-writes, which Connector/J's replication driver does not offer either. */
    RWSPLIT_RYW_OFF("rwsplit-ryw-off", "the same with rwsplit.readYourWrites=off"),
    /** (b3) rwsplit with transactions not declared read-only starting on a replica. */
    RWSPLIT_OPTIMISTIC("rwsplit-optimistic", "rwsplit with rwsplit.optimisticTransactions=true"),
    /** (b3') The same without the short wait for its replica at the start of a transaction right after a write. */
    RWSPLIT_OPTIMISTIC_NO_START_WAIT("rwsplit-optimistic-no-wait", "the same with rwsplit.optimisticStartWait=0"),
    /** (b4) rwsplit without the transaction journal: what journaling costs a transaction on a replica. */
    RWSPLIT_NO_JOURNAL("rwsplit-no-journal", "rwsplit with rwsplit.transactionJournalLimit=0 (no replay)"),
    /** (b'') rwsplit over the primary and replica 1 only: its reads reach the same server as direct's. */
    RWSPLIT_ONE_REPLICA("rwsplit-1r", "jdbc:rwsplit:mysql://primary,replica1 (defaults): reads on direct's replica"),
    /** (c) Connector/J's replication URL, reads marked with {@code setReadOnly(true)}, default settings. */
    CJ_REPLICATION("cj-replication", "jdbc:mysql:replication://primary,replica1,replica2, setReadOnly(true) for reads"),
    /** (c') The same with {@code useLocalSessionState=true}. */
    CJ_REPLICATION_LSS("cj-replication-lss", "the same with useLocalSessionState=true");

    private final String key;
    private final String description;

    Variant(String key, String description) {
        this.key = key;
        this.description = description;
    }

    String key() {
        return key;
    }

    String description() {
        return description;
    }

    static Variant ofKey(String key) {
        for (Variant variant : values()) {
            if (variant.key.equals(key)) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + key + "'; expected one of " + keys());
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(Variant::key).toList();
    }

    /** Opens this variant's pools, each of {@code poolSize} connections. */
    Access open(BenchCluster bench, int poolSize) {
        ReplicationCluster cluster = bench.cluster();
        Credentials app = cluster.app();
        switch (this) {
            case DIRECT:
                return Access.separatePools(key, List.of(cluster.replica(0).jdbcUrl()), cluster.primary().jdbcUrl(),
                        app.user(), app.password(), poolSize);
            case DIRECT_TWO_REPLICAS:
                return Access.separatePools(key, List.of(cluster.replica(0).jdbcUrl(), cluster.replica(1).jdbcUrl()),
                        cluster.primary().jdbcUrl(), app.user(), app.password(), poolSize);
            case RWSPLIT:
                return rwsplit(bench, app, "bench", "", poolSize);
            case RWSPLIT_RYW_OFF:
                return rwsplit(bench, app, "bench-ryw-off", "&rwsplit.readYourWrites=off", poolSize);
            case RWSPLIT_GTID_WAIT:
                return rwsplit(bench, app, "bench-gtid-wait", "&rwsplit.readYourWrites=gtid-wait", poolSize);
            case RWSPLIT_OPTIMISTIC:
                return rwsplit(bench, app, "bench-optimistic", "&rwsplit.optimisticTransactions=true", poolSize);
            case RWSPLIT_OPTIMISTIC_NO_START_WAIT:
                return rwsplit(bench, app, "bench-optimistic-no-wait", "&rwsplit.optimisticTransactions=true"
                        + "&rwsplit.optimisticStartWait=0", poolSize);
            case RWSPLIT_NO_JOURNAL:
                return rwsplit(bench, app, "bench-no-journal", "&rwsplit.transactionJournalLimit=0", poolSize);
            case RWSPLIT_ONE_REPLICA:
                String oneReplica = bench.rwsplitUrlFirstReplica("bench-1r", "rwsplit.poolMaxSize=" + poolSize
                        + "&rwsplit.poolMinIdle=" + poolSize);
                return Access.onePool(Access.Style.DRIVER, key, oneReplica, app.user(), app.password(), poolSize);
            case CJ_REPLICATION:
                return Access.onePool(Access.Style.READ_ONLY_FLAG, key, bench.connectorReplicationUrl(""),
                        app.user(), app.password(), poolSize);
            case CJ_REPLICATION_LSS:
                return Access.onePool(Access.Style.READ_ONLY_FLAG, key,
                        bench.connectorReplicationUrl("useLocalSessionState=true"), app.user(), app.password(),
                        poolSize);
            default:
                throw new IllegalStateException("no pools for " + this);
        }
    }

    /** rwsplit over the primary and both replicas, pools of {@code poolSize}, with {@code options} added. */
    private Access rwsplit(BenchCluster bench, Credentials app, String clusterName, String options, int poolSize) {
        String url = bench.rwsplitUrl(clusterName, "rwsplit.poolMaxSize=" + poolSize + "&rwsplit.poolMinIdle="
                + poolSize + options);
        return Access.onePool(Access.Style.DRIVER, key, url, app.user(), app.password(), poolSize);
    }
}
