package io.rwsplit;

import io.rwsplit.ChaosTally.Operation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;
import javax.sql.DataSource;

/**
 * One chaos client: point reads, read-only transactions, and write transactions each followed by a read of the row
 * just written on the same connection; every other write transaction reads first, as ORMs do, so that with
 * optimistic transactions it starts on a replica and moves to the primary at its insert; one write transaction in four
 * is begun and ended by BEGIN and COMMIT statements. Half the clients open a logical connection per operation, as
 * behind an app's pool; the others keep one for the whole run and go on with it after every failure.
 */
final class ChaosWorkload implements Runnable {

    private final int client;
    private final DataSource dataSource;
    private final boolean keepsConnection;
    private final ChaosLedger ledger;
    private final ChaosTally tally;
    private final long stalenessBoundNanos;
    private final LongPredicate primaryOut;
    private final long endNanos;
    private Connection kept;
    private int seq;

    /**
     * @param primaryOut whether a time ({@link System#nanoTime()}) falls within the primary's restart window
     */
    ChaosWorkload(int client, DataSource dataSource, boolean keepsConnection, ChaosLedger ledger, ChaosTally tally,
                  long stalenessBoundNanos, LongPredicate primaryOut, long endNanos) {
        this.client = client;
        this.dataSource = dataSource;
        this.keepsConnection = keepsConnection;
        this.ledger = ledger;
        this.tally = tally;
        this.stalenessBoundNanos = stalenessBoundNanos;
        this.primaryOut = primaryOut;
        this.endNanos = endNanos;
    }

    @Override
    public void run() {
        runUntil(() -> endNanos);
    }

    /** Runs operations until {@link System#nanoTime()} passes the end, which may move. */
    void runUntil(java.util.function.LongSupplier end) {
        try {
            while (System.nanoTime() < end.getAsLong()) {
                int dice = ThreadLocalRandom.current().nextInt(100);
                if (dice < 55) {
                    timed(Operation.POINT_READ, this::pointRead);
                } else if (dice < 70) {
                    timed(Operation.READ_ONLY_TRANSACTION, this::readOnlyTransaction);
                } else {
                    writeThenRead();
                }
            }
        } finally {
            closeKept();
        }
    }

    /** An operation on one connection, which returns it or throws. */
    @FunctionalInterface
    private interface Work {
        void on(Connection connection) throws SQLException;
    }

    private void timed(Operation operation, Work work) {
        long started = System.nanoTime();
        try {
            Connection connection = connection();
            try {
                work.on(connection);
            } finally {
                release(connection);
            }
            tally.succeeded(operation, System.nanoTime() - started);
        } catch (SQLException e) {
            long ended = System.nanoTime();
            tally.failed(operation, ended - started, e, primaryOut.test(started) || primaryOut.test(ended));
        }
    }

    /** Reads the newest row acknowledged at least the staleness bound ago: it must be there. */
    private void pointRead(Connection connection) throws SQLException {
        long started = System.nanoTime();
        ChaosLedger.Row required = ledger.acknowledgedBy(started - stalenessBoundNanos);
        if (required == null) {
            query(connection, "SELECT 1");
            return;
        }
        Integer amount = amountOf(connection, required.id());
        if (amount == null) {
            tally.staleRead(required + " missing from a read that started "
                    + (started - stalenessBoundNanos) / 1_000_000 + " ms after the bound");
        }
    }

    private void readOnlyTransaction(Connection connection) throws SQLException {
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        try {
            pointRead(connection);
            query(connection, "SELECT COUNT(*) FROM ledger");
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } finally {
                connection.setReadOnly(false);
            }
        }
    }

    /** A write transaction; once acknowledged, the same connection reads the row back in autocommit mode. */
    private void writeThenRead() {
        int mySeq = ++seq;
        int amount = ThreadLocalRandom.current().nextInt(1, 1_000_000);
        long started = System.nanoTime();
        Connection connection;
        try {
            connection = connection();
        } catch (SQLException e) {
            long ended = System.nanoTime();
            tally.failed(Operation.WRITE_TRANSACTION, ended - started, e, primaryOut.test(started)
                    || primaryOut.test(ended));
            return;
        }
        try {
            ChaosLedger.Row row;
            try {
                row = writeTransaction(connection, mySeq, amount);
                tally.succeeded(Operation.WRITE_TRANSACTION, System.nanoTime() - started);
            } catch (SQLException e) {
                long ended = System.nanoTime();
                tally.failed(Operation.WRITE_TRANSACTION, ended - started, e, primaryOut.test(started)
                        || primaryOut.test(ended));
                return;
            }
            long reading = System.nanoTime();
            try {
                if (!Integer.valueOf(row.amount()).equals(amountOf(connection, row.id()))) {
                    tally.ownWriteMissed(row + " not seen right after its commit");
                }
                tally.succeeded(Operation.OWN_WRITE_READ, System.nanoTime() - reading);
            } catch (SQLException e) {
                long ended = System.nanoTime();
                tally.failed(Operation.OWN_WRITE_READ, ended - reading, e, primaryOut.test(reading)
                        || primaryOut.test(ended));
            }
        } finally {
            release(connection);
        }
    }

    private ChaosLedger.Row writeTransaction(Connection connection, int mySeq, int amount) throws SQLException {
        // One in four is begun and ended by statements, as apps that write their own SQL do.
        boolean explicit = mySeq % 4 == 2;
        if (explicit) {
            execute(connection, "BEGIN");
        } else {
            connection.setAutoCommit(false);
        }
        boolean sent = false;
        try {
            if (mySeq % 2 == 0) {
                // Read first, as ORMs do: the transaction starts on a replica and moves to the primary at the insert.
                // A client that opens a connection per operation may read fewer of its own rows there than the
                // primary has (read-your-writes holds per connection): then 40001, and nothing is written.
                query(connection, "SELECT COUNT(*) FROM ledger WHERE client = " + client);
            }
            long id;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ledger (client, seq, amount) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setInt(1, client);
                insert.setInt(2, mySeq);
                insert.setInt(3, amount);
                sent = true;
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            if (amountOf(connection, id) == null) {
                throw new AssertionError("row " + id + " not visible inside its own transaction");
            }
            if (explicit) {
                execute(connection, "COMMIT");
            } else {
                connection.commit();
            }
            ChaosLedger.Row row = new ChaosLedger.Row(id, client, mySeq, amount);
            ledger.acknowledged(row, System.nanoTime());
            return row;
        } catch (SQLException e) {
            // 40001 says the transaction was rolled back: its row must not be there, and the ledger checks that.
            if (sent && !"40001".equals(e.getSQLState())) {
                ledger.uncertain(client, mySeq);
            }
            if (explicit) {
                executeQuietly(connection, "ROLLBACK", e);
            } else {
                rollbackQuietly(connection, e);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // The next operation finds out; this one already has its outcome.
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void executeQuietly(Connection connection, String sql, SQLException cause) {
        try {
            execute(connection, sql);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static Integer amountOf(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT amount FROM ledger WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        }
    }

    private static void query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
        }
    }

    private static void rollbackQuietly(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private Connection connection() throws SQLException {
        if (!keepsConnection) {
            return dataSource.getConnection();
        }
        if (kept == null) {
            kept = dataSource.getConnection();
        }
        return kept;
    }

    private void release(Connection connection) {
        if (!keepsConnection) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing gives the physical connections back; a failure here shows in the leak check.
            }
        }
    }

    private void closeKept() {
        if (kept != null) {
            try {
                kept.close();
            } catch (SQLException e) {
                // As above.
            }
        }
    }
}
