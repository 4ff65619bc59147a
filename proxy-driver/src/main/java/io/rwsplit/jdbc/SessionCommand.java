package io.rwsplit.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** A session statement (SET, USE, ...) that every physical connection of a logical connection must also run. */
record SessionCommand(String sql, Parameters parameters) {

    void applyTo(Connection connection) throws SQLException {
        if (parameters == null || parameters.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        } else {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                parameters.applyTo(statement);
                statement.execute();
            }
        }
    }
}
