package io.rwsplit;

import io.rwsplit.jdbc.RoutingConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The read-your-writes ITs' table, {@code notes (id BIGINT PRIMARY KEY, body VARCHAR(40))}: a write, a read. */
final class Notes {

    static final String CREATE = "CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(40) NOT NULL)";

    private Notes() {
    }

    static void insert(Connection connection, long id, String body) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, body);
            insert.executeUpdate();
        }
    }

    /** Whether the row is there, as the server the connection routes the read to sees it. */
    static boolean read(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT body FROM notes WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The server that ran the connection's last statement, as {@code host:port}. */
    static String lastBackend(Connection connection) throws SQLException {
        return connection.unwrap(RoutingConnection.class).lastBackend().toString();
    }
}
