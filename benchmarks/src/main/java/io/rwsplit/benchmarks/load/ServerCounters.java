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
 * The servers' own counts, read as root on every node before and after a run: client statements ({@code Questions})
 * and SELECTs ({@code Com_select}), so a run shows how many statements each variant's driver really sent per unit of
 * work and on which servers its reads ran. Each reading counts itself once per node in {@code Questions} (a SHOW is
 * not a SELECT); that is taken off.
 */
final class ServerCounters implements AutoCloseable {

    /** One reading: per node, the primary first. */
    record Reading(long[] statements, long[] selects) {
    }

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

    Reading read() throws SQLException {
        long[] statements = new long[nodes.size()];
        long[] selects = new long[nodes.size()];
        for (int i = 0; i < statements.length; i++) {
            try (Statement statement = nodes.get(i).createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select')")) {
                while (rows.next()) {
                    if (rows.getString(1).equalsIgnoreCase("Questions")) {
                        statements[i] = rows.getLong(2);
                    } else {
                        selects[i] = rows.getLong(2);
                    }
                }
            }
        }
        return new Reading(statements, selects);
    }

    /** What clients sent to each node between two readings, without the second reading itself. */
    static Reading between(Reading before, Reading after) {
        int nodes = before.statements.length;
        long[] statements = new long[nodes];
        long[] selects = new long[nodes];
        for (int i = 0; i < nodes; i++) {
            statements[i] = Math.max(0, after.statements[i] - before.statements[i] - 1);
            selects[i] = Math.max(0, after.selects[i] - before.selects[i]);
        }
        return new Reading(statements, selects);
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
