package io.rwsplit.benchmarks.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How the application reaches the servers in one variant: its HikariCP pools (all of one size) and what it must do
 * to send reads to a replica.
 */
final class Access implements AutoCloseable {

    /** Who decides where a statement runs. */
    enum Style {
        /** The application: one pool to a replica for reads, one to the primary for writes. */
        APPLICATION,
        /** The driver, from the SQL: one pool, nothing else to do (rwsplit). */
        DRIVER,
        /** The driver, from {@code setReadOnly(true)}: one pool, reads marked (Connector/J's replication URL). */
        READ_ONLY_FLAG
    }

    private final Style style;
    private final HikariDataSource reads;
    private final HikariDataSource writes;

    private Access(Style style, HikariDataSource reads, HikariDataSource writes) {
        this.style = style;
        this.reads = reads;
        this.writes = writes;
    }

    /** One pool for everything. */
    static Access onePool(Style style, String name, String url, String user, String password, int size) {
        return new Access(style, pool(name, url, user, password, size), null);
    }

    /** Reads to one server, writes to another, each with its own pool. */
    static Access twoPools(String name, String readUrl, String writeUrl, String user, String password, int size) {
        HikariDataSource reads = pool(name + "-reads", readUrl, user, password, size);
        try {
            return new Access(Style.APPLICATION, reads, pool(name + "-writes", writeUrl, user, password, size));
        } catch (RuntimeException e) {
            reads.close();
            throw e;
        }
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    Style style() {
        return style;
    }

    /** A connection whose statements run on a replica; give it back with {@link #endReads} then close it. */
    Connection forReads() throws SQLException {
        Connection connection = reads.getConnection();
        if (style == Style.READ_ONLY_FLAG) {
            try {
                connection.setReadOnly(true);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** The reads on a {@link #forReads} connection are done; writes may follow on it where the style allows. */
    void endReads(Connection connection) throws SQLException {
        if (style == Style.READ_ONLY_FLAG) {
            connection.setReadOnly(false);
        }
    }

    /** Whether writes may run on a connection from {@link #forReads} once {@link #endReads} was called. */
    boolean writesOnReadConnection() {
        return style != Style.APPLICATION;
    }

    /** A connection to the primary, for a style that needs a second one for writes. */
    Connection forWrites() throws SQLException {
        return writes != null ? writes.getConnection() : reads.getConnection();
    }

    @Override
    public void close() {
        try {
            reads.close();
        } finally {
            if (writes != null) {
                writes.close();
            }
        }
    }
}
