package io.rwsplit.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The session a logical connection asked for through JDBC setters and session statements ({@code SET}, {@code USE}):
 * what every physical connection it opens must be brought into before its first statement. Settings never made
 * stay null and cost no call.
 */
final class SessionSettings {

    Integer isolation;
    String catalog;
    String schema;
    Integer holdability;
    Integer networkTimeoutMillis;
    Executor networkTimeoutExecutor;
    Map<String, Class<?>> typeMap;
    private final Properties clientInfo = new Properties();
    /** By SQL text, in the order last run: running a statement again moves it to the end. */
    private final Map<String, SessionCommand> commands = new LinkedHashMap<>();

    /** A copy of the client info set so far. */
    Properties clientInfo() {
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    /** Sets one client info property; null removes it. */
    void clientInfo(String name, String value) {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    /** Replaces every client info property. */
    void clientInfo(Properties properties) {
        clientInfo.clear();
        clientInfo.putAll(properties);
    }

    void record(SessionCommand command) {
        commands.remove(command.sql());
        commands.put(command.sql(), command);
    }

    /**
     * Brings a newly borrowed connection into this session.
     *
     * @return whether session statements ran on it, which its pool cannot undo
     */
    boolean applyTo(Connection connection) throws SQLException {
        if (isolation != null) {
            connection.setTransactionIsolation(isolation);
        }
        if (catalog != null) {
            connection.setCatalog(catalog);
        }
        if (schema != null) {
            connection.setSchema(schema);
        }
        if (holdability != null) {
            connection.setHoldability(holdability);
        }
        if (networkTimeoutMillis != null) {
            connection.setNetworkTimeout(networkTimeoutExecutor, networkTimeoutMillis);
        }
        if (typeMap != null) {
            connection.setTypeMap(typeMap);
        }
        if (!clientInfo.isEmpty()) {
            connection.setClientInfo(clientInfo);
        }
        for (SessionCommand command : commands.values()) {
            command.applyTo(connection);
        }
        return !commands.isEmpty();
    }
}
