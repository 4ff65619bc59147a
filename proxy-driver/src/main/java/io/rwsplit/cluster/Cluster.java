package io.rwsplit.cluster;

import io.rwsplit.consistency.CausalReads;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaHealth;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.routing.LoadBalance;
import io.rwsplit.routing.ReplicaAffinity;
import io.rwsplit.routing.ReplicaBalancer;
import io.rwsplit.routing.Router;
import io.rwsplit.sql.SqlClassifier;
import java.time.Duration;
import java.util.Collections;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one database cluster needs at run time, shared by all logical connections to it: a pool per backend,
 * the replica monitor, the classifier, the router and the statistics.
 */
public final class Cluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    /** rwsplit.transactionJournalLimit's default, for clusters made without a configuration (tests). */
    static final long DEFAULT_JOURNAL_LIMIT = 1 << 20;

    private final String name;
    private final String database;
    private final Backend.Opener opener;
    private final PrimarySwitch primary;
    /** Replica backends by server, opened when the monitor first names the server a replica. */
    private final Map<Endpoint, Backend> replicas = new ConcurrentHashMap<>();
    private final ReplicaHealth monitor;
    private final SqlClassifier classifier;
    private final Router router;
    private final ReplicaBalancer balancer;
    private final RoutingStatistics statistics;
    private final TransactionStatistics transactionStatistics = new TransactionStatistics();
    private final ReplicaCutoff cutoff;
    private volatile PrimaryCutoff primaryCutoff;
    private final boolean failsWithoutReplica;
    private volatile CausalReads causalReads = CausalReads.off();
    private volatile boolean closed;
    private volatile boolean dryRun;
    private volatile Duration rebalanceInterval = Duration.ZERO;
    private volatile long transactionJournalLimit = DEFAULT_JOURNAL_LIMIT;
    private volatile Duration primaryWait = Duration.ofSeconds(5);
    private final TopologyStatistics topologyStatistics = new TopologyStatistics();
    private ClusterJmx jmx;
    private Object meters;

    /**
     * @param seeds  the URL's hosts, in URL order: the statistics list them first
     * @param opener opens a server's backend in a role, the first time the monitor names it in that role
     * @param weights the weighted strategy's weight per replica; a replica not in it weighs 1
     */
    Cluster(String name, String database, List<Endpoint> seeds, Backend.Opener opener, ReplicaHealth monitor,
            SqlClassifier classifier, Router router, LoadBalance loadBalance, Map<Endpoint, Integer> weights,
            boolean failsWithoutReplica) {
        this.name = name;
        this.database = database;
        this.opener = opener;
        this.monitor = monitor;
        this.classifier = classifier;
        this.router = router;
        this.balancer = new ReplicaBalancer(loadBalance, weights, this::activeConnections);
        this.failsWithoutReplica = failsWithoutReplica;
        this.statistics = new RoutingStatistics(seeds);
        this.cutoff = new ReplicaCutoff(name, Collections.unmodifiableMap(replicas));
        monitor.addListener(cutoff);
        this.primary = new PrimarySwitch(name, opener);
        monitor.addTopologyListener(primary);
        ReplicaSnapshot first = monitor.snapshot();
        primary.start(first);
        for (ReplicaStatus replica : first.replicas()) {
            replica(replica.endpoint());
        }
    }

    public String name() {
        return name;
    }

    /** The database named in the URL, or null. */
    public String database() {
        return database;
    }

    /** The primary's backend now: one volatile read; null while the monitor knows no single primary. */
    public Backend primary() {
        return primary.current();
    }

    /**
     * The primary's backend once there is one other than {@code not} (null: any), waiting at most
     * {@code rwsplit.primaryWait}; the wait asks the monitor for a poll round now.
     *
     * @throws SQLTransientConnectionException (08001) when none came in time; the message says what the monitor sees
     */
    public Backend awaitPrimary(Backend not, String why) throws SQLException {
        Backend current = primary.current();
        if (current != null && current != not) {
            return current;
        }
        monitor.recheck();
        long start = System.nanoTime();
        try {
            Backend found = primary.await(not, primaryWait);
            if (found != null) {
                topologyStatistics.recordWait(System.nanoTime() - start);
                return found;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        topologyStatistics.recordNoPrimary();
        Backend now = primary.current();
        String seen = now == null ? "no primary: " + primary.problem() : "the monitor still sees " + now.endpoint()
                + " as the primary";
        throw new SQLTransientConnectionException("rwsplit: " + why + ", and no " + (not == null ? "" : "other ")
                + "primary was found within " + primaryWait.toMillis() + " ms (rwsplit.primaryWait): " + seen
                + "; the statement was not executed", "08001");
    }

    /**
     * The replica backends opened so far (every server the monitor named a replica, at start or later), in the
     * monitor's order: the URL's hosts first.
     */
    public List<Backend> replicas() {
        List<Backend> ordered = new java.util.ArrayList<>(replicas.size());
        for (ReplicaStatus status : monitor.snapshot().replicas()) {
            Backend backend = replicas.get(status.endpoint());
            if (backend != null) {
                ordered.add(backend);
            }
        }
        for (Backend backend : replicas.values()) {
            if (!ordered.contains(backend)) {
                ordered.add(backend);
            }
        }
        return ordered;
    }

    /** The backend of the replica at {@code endpoint}, opened on first use. */
    public Backend replica(Endpoint endpoint) {
        Backend replica = replicas.get(endpoint);
        return replica != null ? replica : replicas.computeIfAbsent(endpoint,
                e -> opener.open(e, Backend.Role.REPLICA));
    }

    /** Connections the replica's pool has lent now; 0 while it has none (for least-connections balancing). */
    private int activeConnections(Endpoint replica) {
        Backend backend = replicas.get(replica);
        return backend == null ? 0 : backend.activeConnections();
    }

    /** How many servers a read may try before the primary: those the monitor knows besides it. */
    public int replicaCount() {
        return monitor.snapshot().replicas().size();
    }

    /** Primary changes, writes that waited for a primary, and those that found none. */
    public TopologyStatistics topologyStatistics() {
        return topologyStatistics;
    }

    /** How many primary changes the driver followed (the monitor's belief moved, vanished or came back). */
    public long primaryChanges() {
        return primary.changes();
    }

    /** The topology counters now, with {@link #primaryChanges()}. */
    public TopologyStatistics.Counts topologyCounts() {
        return topologyStatistics.counts(primary.changes());
    }

    void primaryWait(Duration wait) {
        this.primaryWait = wait;
    }

    /** The monitor's latest view of the replicas: one volatile read. */
    public ReplicaSnapshot snapshot() {
        return monitor.snapshot();
    }

    /** The replica monitor: its snapshot, and where failures the driver sees are reported. */
    public ReplicaHealth monitor() {
        return monitor;
    }

    public SqlClassifier classifier() {
        return classifier;
    }

    public Router router() {
        return router;
    }

    public ReplicaBalancer balancer() {
        return balancer;
    }

    /** A new logical connection's hold on the replica it reads from (see {@link ReplicaAffinity}). */
    public ReplicaAffinity newReplicaAffinity() {
        return new ReplicaAffinity(balancer, rebalanceInterval);
    }

    void rebalanceInterval(Duration interval) {
        this.rebalanceInterval = interval;
    }

    /** How many connections in use were aborted because their replica went DOWN or the primary stopped answering. */
    public long abortedConnections() {
        return cutoff.abortedCount() + primary.abortedCount()
                + (primaryCutoff == null ? 0 : primaryCutoff.abortedCount());
    }

    public RoutingStatistics statistics() {
        return statistics;
    }

    /** Transactions moved between servers by replaying their journal, and those that could not be. */
    public TransactionStatistics transactionStatistics() {
        return transactionStatistics;
    }

    /** How many bytes a transaction's journal may hold per logical connection; 0: no journal, no replay. */
    public long transactionJournalLimit() {
        return transactionJournalLimit;
    }

    void transactionJournalLimit(long bytes) {
        this.transactionJournalLimit = bytes;
    }

    public boolean failsWithoutReplica() {
        return failsWithoutReplica;
    }

    /** Read-your-writes for this cluster: the mode and what it knows of acknowledged writes. */
    public CausalReads causalReads() {
        return causalReads;
    }

    void causalReads(CausalReads causalReads) {
        this.causalReads = causalReads;
    }

    /** Dry run: statements are routed and counted as usual but all run on the primary. */
    public boolean dryRun() {
        return dryRun;
    }

    /** Aborts what waits on the primary once it has stopped answering the monitor for {@code after}. */
    void cutOffPrimaryAfter(Duration after) {
        primaryCutoff = new PrimaryCutoff(name, primary::current, after);
        monitor.addPrimaryListener(primaryCutoff);
    }

    void dryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Typed as Object so that this class loads without Micrometer on the classpath. */
    void publishMeters(Object meters) {
        this.meters = meters;
    }

    void publish(ClusterJmx bean) {
        this.jmx = bean;
    }

    /** The JMX name this cluster is published under, or null when it could not be published. */
    public javax.management.ObjectName jmxName() {
        return jmx == null ? null : jmx.objectName();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops the monitor and closes every pool, and with them every physical connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (jmx != null) {
            jmx.unregister();
        }
        if (meters != null) {
            ((MicrometerMeters) meters).unbind();
        }
        monitor.close();
        causalReads.close();
        cutoff.close();
        if (primaryCutoff != null) {
            primaryCutoff.close();
        }
        for (Backend replica : replicas.values()) {
            replica.close();
        }
        primary.close();
        LOG.info("{} - closed", name);
    }

    @Override
    public String toString() {
        return name;
    }
}
