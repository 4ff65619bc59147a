package io.rwsplit.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real GTID-replicated MariaDB or MySQL cluster, one primary and N read-only replicas on 127.0.0.1, started for
 * integration tests and controlled from them: faults (kill, freeze, restart), replication (stop, start, delay) and
 * proof of where a statement ran ({@link #statementsSeen}).
 *
 * <pre>{@code
 * try (ReplicationCluster cluster = ReplicationCluster.start(2)) {
 *     try (Connection primary = cluster.connect(cluster.primary())) { ... }
 *     cluster.awaitCaughtUp(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Start one cluster per test class: it takes a few seconds. {@link #close()} kills every server and removes its
 * files; a JVM shutdown hook does the same for clusters left open.
 */
public final class ReplicationCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationCluster.class);
    private static final Duration SET_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration USER_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SET_UP_CATCH_UP = Duration.ofSeconds(10);
    private static final Duration CONTROL_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private final ClusterSpec spec;
    private final Backend backend;
    private final Servers servers;
    private final Replication replication;
    private final RoleChanges roles;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile List<ClusterNode> nodes = List.of();
    /** The node that takes writes now: the first one until a switchover or failover. */
    private volatile ClusterNode primary;
    /** Nodes that do not replicate now: detached, or a failed primary not yet rejoined. */
    private final java.util.Set<ClusterNode> detached = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The promoted primary's GTID position when it became writable, by the failed primary it replaced. */
    private final java.util.Map<ClusterNode, String> promotedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String version = "";
    private volatile Duration startupTime = Duration.ZERO;

    private ReplicationCluster(ClusterSpec spec, Backend backend, Servers servers) {
        this.spec = spec;
        this.backend = backend;
        this.servers = servers;
        this.replication = new Replication(servers.flavor());
        this.roles = new RoleChanges(spec.name(), servers.flavor(), spec.semiSync(), servers, replication,
                this::control);
    }

    /** A primary promoted by {@link #failover}: which node, and when it became writable. */
    public record Promotion(ClusterNode promoted, Instant writableAt) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code builder().replicas(replicaCount).start()}. */
    public static ReplicationCluster start(int replicaCount) {
        return builder().replicas(replicaCount).start();
    }

    private static ReplicationCluster start(ClusterSpec spec, Backend backend) {
        long started = System.nanoTime();
        Servers servers = backend == Backend.LOCAL ? new LocalServers(spec) : new ContainerServers(spec);
        ReplicationCluster cluster = new ReplicationCluster(spec, backend, servers);
        OpenClusters.add(cluster);
        try {
            cluster.setUp();
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        cluster.startupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("{} - {} {} cluster ready in {} ms ({} backend, {}): {}", spec.name(), cluster.flavor(), spec.shape(),
                cluster.startupTime.toMillis(), backend, cluster.version, cluster.hostList());
        return cluster;
    }

    private void setUp() {
        nodes = List.copyOf(servers.start());
        primary = nodes.get(0);
        takeRole(primary);
        try (Connection root = connectAsRoot(primary())) {
            version = Sql.queryString(root, "SELECT VERSION()");
            if (Flavor.ofVersionString(version) != flavor()) {
                throw new IllegalStateException(spec.name() + " - " + servers.describe() + " runs " + version
                        + ", not " + flavor());
            }
            replication.setUpPrimary(root, spec.schema());
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - setting up " + primary() + " failed: " + e.getMessage(),
                    e);
        }
        for (ClusterNode replica : replicas()) {
            try (Connection root = connectAsRoot(replica)) {
                replication.setUpReplica(root, primary());
            } catch (SQLException e) {
                throw new IllegalStateException(spec.name() + " - setting up " + replica + " failed: " + e.getMessage(),
                        e);
            }
        }
        awaitCaughtUp(SET_UP_TIMEOUT);
    }

    /** The node that takes writes now: the first node, until a {@link #switchover} or {@link #failover}. */
    public ClusterNode primary() {
        return primary;
    }

    /** Whether the node takes writes now. */
    public boolean isPrimary(ClusterNode node) {
        return member(node).equals(primary);
    }

    /** Every node but the primary, in node order (a failed primary not yet rejoined included). */
    public List<ClusterNode> replicas() {
        ClusterNode current = primary;
        return nodes.stream().filter(node -> !node.equals(current)).toList();
    }

    /**
     * The replica at that 0-based index among {@link #replicas()}: before any switchover, {@code replica(0)} is
     * {@code replica1}.
     */
    public ClusterNode replica(int index) {
        List<ClusterNode> replicas = replicas();
        if (index < 0 || index >= replicas.size()) {
            throw new IndexOutOfBoundsException("replica(" + index + "): the cluster has " + replicas.size()
                    + " replicas, indexes 0 to " + (replicas.size() - 1));
        }
        return replicas.get(index);
    }

    /** Every node, in the order they were started (the first primary first). */
    public List<ClusterNode> nodes() {
        return nodes;
    }

    public String name() {
        return spec.name();
    }

    public String schema() {
        return spec.schema();
    }

    public Backend backend() {
        return backend;
    }

    /** User {@code app}: all privileges on {@link #schema()} and none beyond, so read_only stops it on replicas. */
    public Credentials app() {
        return Accounts.APP;
    }

    /**
     * User {@code monitor}: replication and process-list status only (MariaDB: BINLOG MONITOR, SLAVE MONITOR,
     * PROCESS; MySQL: REPLICATION CLIENT, PROCESS). It has no privilege on the schema: connect without a default
     * database ({@link ClusterNode#serverUrl()}).
     */
    public Credentials monitor() {
        return Accounts.MONITOR;
    }

    /** User {@code root}, from 127.0.0.1. */
    public Credentials root() {
        return Accounts.ROOT;
    }

    public Flavor flavor() {
        return servers.flavor();
    }

    /** The server version string, e.g. {@code 10.11.19-MariaDB-0+deb12u1-log} or {@code 8.4.3}. */
    public String version() {
        return version;
    }

    /** {@code 127.0.0.1:p0,127.0.0.1:p1,...}, the primary first: the host part of a multi-host JDBC URL. */
    public String hostList() {
        return nodes.stream().map(ClusterNode::hostAndPort).collect(Collectors.joining(","));
    }

    /** Connects as {@link #app()} with {@link #schema()} as default database (connect timeout 10 s). */
    public Connection connect(ClusterNode node) throws SQLException {
        return Sql.open(member(node).jdbcUrl(), Accounts.APP, USER_CONNECT_TIMEOUT, Duration.ZERO);
    }

    /** Connects as {@link #root()} with no default database (connect timeout 10 s). */
    public Connection connectAsRoot(ClusterNode node) throws SQLException {
        return Sql.open(member(node).serverUrl(), Accounts.ROOT, USER_CONNECT_TIMEOUT, Duration.ZERO);
    }

    /** Connects as {@link #monitor()} with no default database (connect timeout 10 s). */
    public Connection connectAsMonitor(ClusterNode node) throws SQLException {
        return Sql.open(member(node).serverUrl(), Accounts.MONITOR, USER_CONNECT_TIMEOUT, Duration.ZERO);
    }

    /**
     * Runs set-up statements on the primary as {@link #app()}, in order, then waits until every replica has applied
     * them (at most 10 s): the tables and rows a test needs on every server.
     */
    public void setUp(String... statements) throws SQLException {
        try (Connection app = connect(primary())) {
            for (String statement : statements) {
                Sql.execute(app, statement);
            }
        }
        awaitCaughtUp(SET_UP_CATCH_UP);
    }

    /** {@link #setUp} as {@link #root()}, for what the app user may not do: other schemas, grants. */
    public void setUpAsRoot(String... statements) throws SQLException {
        try (Connection root = connectAsRoot(primary())) {
            for (String statement : statements) {
                Sql.execute(root, statement);
            }
        }
        awaitCaughtUp(SET_UP_CATCH_UP);
    }

    /** SIGKILL (CONTAINER: docker kill); returns once the server is gone. */
    public void kill(ClusterNode node) {
        servers.kill(member(node));
    }

    /** SIGSTOP (CONTAINER: docker pause): connections open, nothing answers. Clients without timeouts hang. */
    public void freeze(ClusterNode node) {
        servers.freeze(member(node));
    }

    /** SIGCONT (CONTAINER: docker unpause) after {@link #freeze}. */
    public void thaw(ClusterNode node) {
        servers.thaw(member(node));
    }

    /**
     * Starts a killed server again, or stops (cleanly) and starts a running one, on the same port with the same
     * data; returns once it answers SQL. A replica resumes replicating by itself.
     */
    public void restart(ClusterNode node) {
        servers.restart(member(node));
        takeRole(node);
    }

    /**
     * The primary becomes writable after it starts, with the primary side of semi-synchronous replication on: a
     * container starts read-only whatever its role (a local server's configuration already follows its role).
     */
    private void takeRole(ClusterNode node) {
        if (!node.equals(primary) || backend != Backend.CONTAINER) {
            return;
        }
        try {
            roles.takePrimaryRole(node);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - making " + node + " writable failed: "
                    + e.getMessage(), e);
        }
    }

    // ---- topology changes -------------------------------------------------------------------------------------

    /**
     * A planned switchover, as an operator runs it: the primary read-only, the replica caught up with it, every other
     * replicating node (the old primary too) repointed to the replica, the replica's replication reset, and the
     * replica made writable last. The old primary is a read-only replica from then on, also after a restart.
     *
     * @return when the new primary became writable
     */
    public synchronized Instant switchover(ClusterNode replica) {
        ClusterNode old = primary;
        ClusterNode next = replicaMember(replica);
        if (detached.contains(next)) {
            throw new IllegalArgumentException(spec.name() + " - " + next + " does not replicate: attach it first");
        }
        long started = System.nanoTime();
        try {
            roles.readOnly(old, true);
            String position = roles.position(old);
            roles.awaitApplied(next, position);
            roles.demote(old);
            for (ClusterNode other : nodes) {
                if (!other.equals(next) && !detached.contains(other)) {
                    roles.pointTo(other, next, other.equals(old) && flavor() == Flavor.MARIADB ? position : null);
                }
            }
            Instant writable = roles.promote(next);
            primary = next;
            LOG.info("{} - switched over from {} to {} in {} ms", spec.name(), old, next,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return writable;
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - switchover from " + old + " to " + next + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** {@link #failover(ClusterNode)} to the replica that received the most of the primary's log. */
    public synchronized Promotion failover() {
        return failover(null);
    }

    /**
     * A failover, as a failover tool runs it: the primary killed (SIGKILL), the replica applies all it received, the
     * other live replicas are repointed to it, its replication reset, and it is made writable last. The killed node
     * stays down, configured to start again as a read-only replica: see {@link #rejoin}.
     *
     * @param replica the replica to promote; null: the one that received the most
     */
    public synchronized Promotion failover(ClusterNode replica) {
        ClusterNode old = primary;
        long started = System.nanoTime();
        servers.kill(old);
        detached.add(old);
        try {
            servers.persistRole(old, false);
            List<ClusterNode> live = replicas().stream().filter(node -> !detached.contains(node)).toList();
            ClusterNode next = replica != null ? replicaMember(replica) : roles.mostAdvanced(live);
            roles.awaitApplied(next, roles.received(next));
            for (ClusterNode other : live) {
                if (!other.equals(next)) {
                    roles.pointTo(other, next, null);
                }
            }
            String promotedPosition = roles.position(next);
            Instant writable = roles.promote(next);
            promotedAt.put(old, promotedPosition);
            primary = next;
            LOG.info("{} - failed over from {} to {} in {} ms", spec.name(), old, next,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return new Promotion(next, writable);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - failover from " + old + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a primary lost in a {@link #failover} again as a read-only replica of the current primary. It goes on
     * from the new primary's position at its promotion: a transaction the old primary logged but no replica received
     * (never acknowledged, with semi-synchronous replication) stays on it alone.
     */
    public synchronized void rejoin(ClusterNode formerPrimary) {
        ClusterNode node = replicaMember(formerPrimary);
        if (!detached.contains(node)) {
            throw new IllegalArgumentException(spec.name() + " - " + node + " replicates already");
        }
        servers.persistRole(node, false);
        servers.restart(node);
        takeRole(node);
        try {
            roles.pointTo(node, primary, flavor() == Flavor.MARIADB ? promotedAt.remove(node) : null);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - rejoin(" + node + ") failed: " + e.getMessage(), e);
        }
        detached.remove(node);
    }

    /**
     * Stops the replica's replication and forgets its source ({@code RESET SLAVE ALL}): the primary no longer lists
     * it in {@code SHOW SLAVE HOSTS}. It stays read-only.
     */
    public synchronized void detach(ClusterNode replica) {
        ClusterNode node = replicaMember(replica);
        try {
            roles.forgetSource(node);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - detach(" + node + ") failed: " + e.getMessage(), e);
        }
        detached.add(node);
    }

    /** Points a detached replica at the current primary again; it resumes from what it had applied. */
    public synchronized void attach(ClusterNode replica) {
        ClusterNode node = replicaMember(replica);
        try {
            roles.pointTo(node, primary, null);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - attach(" + node + ") failed: " + e.getMessage(), e);
        }
        detached.remove(node);
    }

    /** Only sets {@code read_only=OFF} (MySQL: and super_read_only); with {@link #detach}, a second primary. */
    public void makeWritable(ClusterNode node) {
        flipReadOnly(node, false);
    }

    /** Only sets {@code read_only=ON} (MySQL: super_read_only). */
    public void makeReadOnly(ClusterNode node) {
        flipReadOnly(node, true);
    }

    private void flipReadOnly(ClusterNode node, boolean readOnly) {
        try {
            roles.readOnly(member(node), readOnly);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - setting read_only=" + readOnly + " on " + node
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Stops the replica's SQL (applier) thread; the IO thread keeps fetching from the primary. */
    public void stopReplication(ClusterNode replica) {
        onReplica(replica, "stopReplication", replication::stopApplier);
        LOG.info("{} - stopped applying on {}", spec.name(), replica);
    }

    /** Starts the replica's stopped replication threads. */
    public void startReplication(ClusterNode replica) {
        onReplica(replica, "startReplication", replication::start);
        LOG.info("{} - started replication on {}", spec.name(), replica);
    }

    /** Makes the replica apply each transaction that many seconds after the primary committed it; 0 removes it. */
    public void setDelay(ClusterNode replica, int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("setDelay(" + replica.name() + ", " + seconds + "): must be >= 0");
        }
        onReplica(replica, "setDelay", connection -> replication.setDelay(connection, seconds));
        LOG.info("{} - delay of {} set to {} s", spec.name(), replica, seconds);
    }

    /**
     * Waits until the replica has applied the primary's current GTID position.
     *
     * @throws IllegalStateException on timeout, with the replica's replication status
     */
    public void awaitCaughtUp(ClusterNode replica, Duration timeout) {
        awaitCaughtUp(replicaMember(replica), primaryGtidPosition(), timeout);
    }

    /** {@link #awaitCaughtUp(ClusterNode, Duration)} for every replica, within one overall timeout. */
    public void awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String position = primaryGtidPosition();
        for (ClusterNode replica : replicas()) {
            if (detached.contains(replica)) {
                continue;
            }
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            awaitCaughtUp(replica, position, left);
        }
    }

    private void awaitCaughtUp(ClusterNode replica, String position, Duration timeout) {
        Duration socketTimeout = timeout.plus(CONTROL_SOCKET_TIMEOUT);
        try (Connection connection = Sql.open(replica.serverUrl(), Accounts.ROOT, Sql.CONNECT_TIMEOUT, socketTimeout)) {
            if (!replication.awaitPosition(connection, position, timeout)) {
                throw new IllegalStateException(spec.name() + " - " + replica + " has not applied the primary's GTID "
                        + "position " + position + " within " + timeout.toMillis() + " ms: "
                        + replication.describe(connection));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - cannot wait for " + replica + " to apply " + position
                    + ": " + e.getMessage(), e);
        }
    }

    /** The primary's current GTID position: MariaDB {@code @@gtid_binlog_pos}, MySQL {@code @@gtid_executed}. */
    public String primaryGtidPosition() {
        try (Connection connection = control(primary())) {
            return replication.primaryPosition(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - cannot read the GTID position of " + primary() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * How many client statements containing {@code marker} the node's general log holds (Query and Execute
     * entries; not the statements a replica applies by replication, nor this count itself). Needs
     * {@link Builder#generalLog(boolean) generalLog(true)}. Put a marker unique to the test in a comment or a
     * literal of the statement under test.
     */
    public long statementsSeen(ClusterNode node, String marker) {
        Objects.requireNonNull(marker, "marker");
        if (!spec.generalLog()) {
            throw new IllegalStateException(spec.name() + " - statementsSeen needs the general log: start the "
                    + "cluster with builder().generalLog(true)");
        }
        try (Connection connection = control(member(node))) {
            return GeneralLog.count(connection, marker);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - cannot read the general log of " + node + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Which kinds of server, {@code "primary"} and {@code "replica"}, ran a client statement containing {@code marker}
     * (see {@link #statementsSeen}), in that order.
     */
    public java.util.SortedSet<String> rolesThatRan(String marker) {
        java.util.SortedSet<String> roles = new java.util.TreeSet<>();
        for (ClusterNode node : nodes()) {
            if (statementsSeen(node, marker) > 0) {
                roles.add(node.equals(primary) ? "primary" : "replica");
            }
        }
        return roles;
    }

    /** How long {@link #start} took: servers up, replication configured, every replica caught up. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Kills every server and deletes every temp directory of this cluster. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OpenClusters.remove(this);
        long started = System.nanoTime();
        servers.close();
        LOG.info("{} - closed in {} ms", spec.name(), Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @Override
    public String toString() {
        return spec.name() + " (" + flavor() + " " + spec.shape() + ": " + hostList() + ")";
    }

    /** A statement on one replica, over a root connection. */
    @FunctionalInterface
    private interface ReplicaAction {
        void run(Connection connection) throws SQLException;
    }

    private void onReplica(ClusterNode replica, String method, ReplicaAction action) {
        try (Connection connection = control(replicaMember(replica))) {
            action.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(spec.name() + " - " + method + "(" + replica + ") failed: "
                    + e.getMessage(), e);
        }
    }

    private Connection control(ClusterNode node) throws SQLException {
        return Sql.open(node.serverUrl(), Accounts.ROOT, Sql.CONNECT_TIMEOUT, CONTROL_SOCKET_TIMEOUT);
    }

    private ClusterNode member(ClusterNode node) {
        Objects.requireNonNull(node, "node");
        if (closed.get()) {
            throw new IllegalStateException(spec.name() + " is closed");
        }
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException(node + " is not a node of " + this);
        }
        return node;
    }

    private ClusterNode replicaMember(ClusterNode node) {
        if (member(node).equals(primary)) {
            throw new IllegalArgumentException(node + " is the primary; this needs a replica");
        }
        return node;
    }

    /** Settings of a new cluster. */
    public static final class Builder {

        private String name = "rwsplit-test";
        private int replicas = 2;
        private Backend backend;
        private String schema = "app";
        private boolean generalLog;
        private boolean semiSync;

        private Builder() {
        }

        /** Prefixed to log lines and used in temp directory names; default {@code rwsplit-test}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Number of replicas, 0 to 16; default 2. */
        public Builder replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        /** Where the servers run; default {@link Backend#fromEnvironment()}. */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** The application schema; default {@code app}. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /**
         * Whether replication is semi-synchronous and lossless (after sync): a commit is acknowledged only once a
         * replica has it, so a {@link ReplicationCluster#failover()} loses no acknowledged commit. Default false.
         */
        public Builder semiSync(boolean semiSync) {
            this.semiSync = semiSync;
            return this;
        }

        /** Whether the servers log every statement to {@code mysql.general_log}, for {@link #statementsSeen}. */
        public Builder generalLog(boolean generalLog) {
            this.generalLog = generalLog;
            return this;
        }

        /**
         * Starts the servers, sets up replication, waits until every replica has caught up.
         *
         * @throws IllegalArgumentException on invalid settings
         * @throws IllegalStateException    when no server can be started, with the reason and what to install
         */
        public ReplicationCluster start() {
            ClusterSpec spec = new ClusterSpec(name, replicas, schema, generalLog, semiSync);
            return ReplicationCluster.start(spec, backend != null ? backend : Backend.fromEnvironment());
        }
    }
}
