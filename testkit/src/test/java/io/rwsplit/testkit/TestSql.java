package io.rwsplit.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** SQL one-liners for the integration tests. */
final class TestSql {

    private TestSql() {
    }

    /** The first column of the first row, or null. */
    static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    static void update(ReplicationCluster cluster, ClusterNode node, String sql) throws SQLException {
        try (Connection connection = cluster.connect(node); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    /** The label of row id in table items, or null when the row is not there. */
    static String label(ReplicationCluster cluster, ClusterNode node, int id) throws SQLException {
        try (Connection connection = cluster.connect(node)) {
            return query(connection, "SELECT label FROM items WHERE id = " + id);
        }
    }

    /** Connects as app with short connect and socket timeouts, as a client that must not hang would. */
    static Connection connectQuickly(ReplicationCluster cluster, ClusterNode node) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", cluster.app().user());
        properties.setProperty("password", cluster.app().password());
        properties.setProperty("connectTimeout", "1000");
        properties.setProperty("socketTimeout", "1000");
        return DriverManager.getConnection(node.jdbcUrl(), properties);
    }
}
