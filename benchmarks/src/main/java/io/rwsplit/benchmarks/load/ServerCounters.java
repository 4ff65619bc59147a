package io.rwsplit.benchmarks.load;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers' own count of client statements ({@code Questions}), read as root on every node before and after a
 * run: how many statements each variant's driver really sent per unit of work, and to which servers. Each reading
 * counts itself once per node; that is taken off.
 */
final class ServerCounters implements AutoCloseable {

    private final List<Connection> nodes = new ArrayList<>();

    ServerCounters(ReplicationCluster cluster) throws SQLException {
        try {
            for (ClusterNode node : cluster.nodes()) {
                nodes.add(cluster.connectAsRoot(node));
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /** Questions per node, the primary first. */
    long[] read() throws SQLException {
        long[] questions = new long[nodes.size()];
        for (int i = 0; i < questions.length; i++) {
            try (Statement statement = nodes.get(i).createStatement();
                 ResultSet row = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Questions'")) {
                questions[i] = row.next() ? row.getLong(2) : 0;
            }
        }
        return questions;
    }

    /** Statements clients sent to each node between two readings, without the second reading itself. */
    static long[] between(long[] before, long[] after) {
        long[] sent = new long[before.length];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = Math.max(0, after[i] - before[i] - 1);
        }
        return sent;
    }

    @Override
    public void close() {
        for (Connection node : nodes) {
            try {
                node.close();
            } catch (SQLException e) {
                // Closing a root connection of a cluster about to be removed: nothing to do.
            }
        }
        nodes.clear();
    }
}
