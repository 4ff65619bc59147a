package io.rwsplit.jdbc;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.jdbc.JdbcConnection;
import io.rwsplit.cluster.Backend;
import io.rwsplit.monitor.ServerKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A pooled connection to one backend, held by one logical connection until that closes or lets it go. */
final class PhysicalConnection {

    final Backend backend;
    final Connection connection;
    /** Session statements ran on it that the pool cannot undo: it is evicted instead of returned. */
    boolean sessionChanged;
    /** A primary connection whose OK packets carry the GTID of each commit (read-your-writes, gtid mode). */
    boolean tracksGtids;
    /** It failed with a connection error and was let go: an open transaction on it is lost. */
    boolean broken;
    /** Its session was made read-only (primary only: a replica session always is, from its pool). */
    boolean readOnly;

    PhysicalConnection(Backend backend, Connection connection) {
        this.backend = backend;
        this.connection = connection;
    }

    /**
     * Whether the connection can no longer be used, as far as is known without asking the server: it broke, its pool
     * closed it after a failure, or it was aborted (its replica went DOWN).
     */
    boolean gone() {
        if (broken) {
            return true;
        }
        try {
            return connection.isClosed() || connection.unwrap(JdbcConnection.class).isClosed();
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Whether the server said, in its answer to the last statement, that a transaction is open on the session: known
     * for free, whichever way it began (JDBC, BEGIN, a batch, a stored procedure). False where Connector/J does not
     * say.
     */
    boolean inTransactionOnServer() {
        try {
            return connection.unwrap(MysqlConnection.class).getSession().getServerSession().inTransactionOnServer();
        } catch (SQLException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Makes the session read-only or read-write, so the server refuses writes the driver could not see. */
    void readOnly(boolean readOnly) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(readOnly ? ServerKind.READ_ONLY_SESSION_SQL : ServerKind.READ_WRITE_SESSION_SQL);
        }
        this.readOnly = readOnly;
    }

    /**
     * Rolls back the session's open transaction as SQL: that ends one begun with BEGIN as well as one under
     * autocommit=false.
     */
    void rollBack() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        }
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
