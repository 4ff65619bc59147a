package io.rwsplit.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statements that move the primary role from one node to another, as an operator or a failover tool runs them:
 * read-only, catch up, repoint, reset, writable. Over root connections it opens per step; the caller keeps track of
 * which node is the primary.
 */
final class RoleChanges {

    private static final Logger LOG = LoggerFactory.getLogger(RoleChanges.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static final Duration SEMI_SYNC_CLIENTS = Duration.ofSeconds(10);

    /** Opens a root connection to a node. */
    @FunctionalInterface
    interface Control {
        Connection open(ClusterNode node) throws SQLException;
    }

    private final String name;
    private final Flavor flavor;
    private final boolean semiSync;
    private final Servers servers;
    private final Replication replication;
    private final ReplicationSql sql;
    private final Control control;

    RoleChanges(String name, Flavor flavor, boolean semiSync, Servers servers, Replication replication,
                Control control) {
        this.name = name;
        this.flavor = flavor;
        this.semiSync = semiSync;
        this.servers = servers;
        this.replication = replication;
        this.sql = ReplicationSql.of(flavor);
        this.control = control;
    }

    /** Makes the node read-only or writable, and nothing else. */
    void readOnly(ClusterNode node, boolean readOnly) throws SQLException {
        run(node, sql.readOnly(readOnly));
        LOG.info("{} - {} is {} now", name, node, readOnly ? "read-only" : "writable");
    }

    /** The node's own GTID position (what it has logged). */
    String position(ClusterNode node) throws SQLException {
        try (Connection connection = control.open(node)) {
            return replication.primaryPosition(connection);
        }
    }

    /** Waits until the node has applied the position; throws with its replication status if it does not in time. */
    void awaitApplied(ClusterNode node, String position) throws SQLException {
        try (Connection connection = control.open(node)) {
            if (!replication.awaitPosition(connection, position, CATCH_UP)) {
                throw new IllegalStateException(name + " - " + node + " has not applied " + position + " within "
                        + CATCH_UP.toMillis() + " ms: " + replication.describe(connection));
            }
        }
    }

    /** What the replica has received of its source's log (applied or not). */
    String received(ClusterNode node) throws SQLException {
        try (Connection connection = control.open(node); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql.status())) {
            return rows.next() ? rows.getString(sql.receivedColumn()) : "";
        }
    }

    /** The replica among these that received the most of the failed primary's log; ties go to the first. */
    ClusterNode mostAdvanced(List<ClusterNode> candidates) throws SQLException {
        ClusterNode best = null;
        long most = -1;
        for (ClusterNode candidate : candidates) {
            long count = GtidCount.of(received(candidate));
            if (count > most) {
                best = candidate;
                most = count;
            }
        }
        if (best == null) {
            throw new IllegalStateException(name + " - no live replica to promote");
        }
        return best;
    }

    /**
     * Points the node at a new source and starts replicating.
     *
     * @param fromPosition the GTID position to go on from (MariaDB); null: what the node has applied
     */
    void pointTo(ClusterNode node, ClusterNode source, String fromPosition) throws SQLException {
        run(node, sql.pointTo(source.host(), source.port(), Accounts.REPLICATION.password(), fromPosition));
        LOG.info("{} - {} replicates from {}{}", name, node, source,
                fromPosition == null ? "" : " from GTID position " + fromPosition);
    }

    /** Stops replication on the node and forgets its source. */
    void forgetSource(ClusterNode node) throws SQLException {
        run(node, sql.forgetSource());
        LOG.info("{} - {} no longer replicates", name, node);
    }

    /**
     * Makes the node the primary: no source, the primary side of semi-synchronous replication on (once a replica is
     * connected to acknowledge), then writable last.
     *
     * @return when it became writable
     */
    Instant promote(ClusterNode node) throws SQLException {
        forgetSource(node);
        servers.persistRole(node, true);
        if (semiSync) {
            run(node, sql.semiSyncPrimary(true));
            awaitSemiSyncClient(node);
        }
        run(node, sql.readOnly(false));
        Instant writable = Instant.now();
        LOG.info("{} - {} is the primary and writable", name, node);
        return writable;
    }

    /** A primary that started read-only (a container) takes its role: semi-synchronous primary side, writable. */
    void takePrimaryRole(ClusterNode node) throws SQLException {
        if (semiSync) {
            run(node, sql.semiSyncPrimary(true));
        }
        run(node, sql.readOnly(false));
    }

    /** The node, read-only already, stops being a primary: it would start again read-only, as a replica. */
    void demote(ClusterNode node) throws SQLException {
        servers.persistRole(node, false);
        if (semiSync) {
            run(node, sql.semiSyncPrimary(false));
        }
    }

    private void awaitSemiSyncClient(ClusterNode node) throws SQLException {
        String variable = flavor == Flavor.MARIADB ? "Rpl_semi_sync_master_clients" : "Rpl_semi_sync_source_clients";
        long deadline = System.nanoTime() + SEMI_SYNC_CLIENTS.toNanos();
        try (Connection connection = control.open(node)) {
            while (true) {
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS LIKE '" + variable + "'")) {
                    if (rows.next() && Long.parseLong(rows.getString(2)) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    LOG.warn("{} - no semi-synchronous replica connected to {} within {} ms", name, node,
                            SEMI_SYNC_CLIENTS.toMillis());
                    return;
                }
                Sql.sleep(Duration.ofMillis(20));
            }
        }
    }

    private void run(ClusterNode node, List<String> statements) throws SQLException {
        try (Connection connection = control.open(node)) {
            for (String statement : statements) {
                Sql.execute(connection, statement);
            }
        }
    }
}
