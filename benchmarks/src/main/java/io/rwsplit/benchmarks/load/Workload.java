package io.rwsplit.benchmarks.load;

import io.rwsplit.benchmarks.BenchCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One kind of unit of work, run by {@code threads} threads at once, e.g. {@code ps-4t}. A unit borrows its
 * connection from the variant's pool and gives it back, as a request of a web application does; its latency is
 * measured from the borrow to the return.
 */
record Workload(Kind kind, int threads) {

    /** What one unit of work does. */
    enum Kind {
        PS("prepared point select by primary key"),
        STMT("plain Statement point select, the id as a literal (a new SQL text each time)"),
        MIX("9 prepared point selects + 1 update by primary key, autocommit"),
        ROTX("read-only transaction of 5 prepared point selects (setReadOnly, setAutoCommit(false), commit)"),
        ONECONN("on one connection, as an app without a splitter runs it (direct: the primary): 9 point selects, each"
                + " prepared for its use, and 1 update by primary key, autocommit"),
        ORM("transaction as ORMs run them, never declared read-only: setAutoCommit(false), 5 prepared point selects,"
                + " in 1 of 10 also an update by primary key, commit; run again on SQLState 40001"),
        BEGIN("the same transaction begun and ended by statements (BEGIN ... COMMIT), as apps that write their own"
                + " SQL run it");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        String description() {
            return description;
        }
    }

    static final List<Workload> DEFAULTS = List.of(new Workload(Kind.PS, 1), new Workload(Kind.PS, 4),
            new Workload(Kind.STMT, 1), new Workload(Kind.MIX, 4), new Workload(Kind.ROTX, 4),
            new Workload(Kind.ORM, 4));

    /** {@code ps-1t}, {@code mix-4t}, ...: a kind and a thread count. */
    static Workload parse(String name) {
        int dash = name.lastIndexOf('-');
        if (dash > 0 && name.endsWith("t")) {
            for (Kind kind : Kind.values()) {
                if (kind.key().equals(name.substring(0, dash))) {
                    try {
                        int threads = Integer.parseInt(name.substring(dash + 1, name.length() - 1));
                        if (threads >= 1 && threads <= 64) {
                            return new Workload(kind, threads);
                        }
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
        }
        throw new IllegalArgumentException("workload '" + name + "': expected <kind>-<threads>t with kind one of "
                + Arrays.stream(Kind.values()).map(Kind::key).toList() + " and 1 to 64 threads, e.g. ps-4t");
    }

    String name() {
        return kind.key() + "-" + threads + "t";
    }

    /** Runs one unit of work. */
    void once(Access access, int rows, ThreadLocalRandom random) throws SQLException {
        switch (kind) {
            case PS:
                preparedSelect(access, random.nextInt(1, rows + 1));
                break;
            case STMT:
                statementSelect(access, random.nextInt(1, rows + 1));
                break;
            case MIX:
                readsAndUpdate(access, rows, random);
                break;
            case ROTX:
                readOnlyTransaction(access, rows, random);
                break;
            case ORM:
                ormTransaction(access, rows, random, false);
                break;
            case BEGIN:
                ormTransaction(access, rows, random, true);
                break;
            case ONECONN:
                readsAndUpdateOnOneConnection(access, rows, random);
                break;
            default:
                throw new IllegalStateException("no work for " + kind);
        }
    }

    private static void preparedSelect(Access access, int id) throws SQLException {
        try (Connection connection = access.forReads()) {
            try (PreparedStatement select = connection.prepareStatement(BenchCluster.POINT_SELECT)) {
                read(select, id);
            }
            access.endReads(connection);
        }
    }

    private static void statementSelect(Access access, int id) throws SQLException {
        try (Connection connection = access.forReads()) {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(BenchCluster.POINT_SELECT_PREFIX + id)) {
                consume(row, id);
            }
            access.endReads(connection);
        }
    }

    private static void readsAndUpdate(Access access, int rows, ThreadLocalRandom random) throws SQLException {
        int updated = random.nextInt(1, rows + 1);
        try (Connection connection = access.forReads()) {
            try (PreparedStatement select = connection.prepareStatement(BenchCluster.POINT_SELECT)) {
                for (int i = 0; i < 9; i++) {
                    read(select, random.nextInt(1, rows + 1));
                }
            }
            access.endReads(connection);
            if (access.writesOnReadConnection()) {
                update(connection, updated);
                return;
            }
        }
        try (Connection connection = access.forWrites()) {
            update(connection, updated);
        }
    }

    private static void readOnlyTransaction(Access access, int rows, ThreadLocalRandom random) throws SQLException {
        try (Connection connection = access.forReads()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(BenchCluster.POINT_SELECT)) {
                for (int i = 0; i < 5; i++) {
                    read(select, random.nextInt(1, rows + 1));
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            connection.setReadOnly(false);
            access.endReads(connection);
        }
    }

    /** Nine reads and a write on one connection, each statement prepared where it is used. */
    private static void readsAndUpdateOnOneConnection(Access access, int rows, ThreadLocalRandom random)
            throws SQLException {
        try (Connection connection = access.forWrites()) {
            for (int i = 0; i < 9; i++) {
                try (PreparedStatement select = connection.prepareStatement(BenchCluster.POINT_SELECT)) {
                    read(select, random.nextInt(1, rows + 1));
                }
            }
            update(connection, random.nextInt(1, rows + 1));
        }
    }

    /**
     * The app as written for one server: every connection is its primary's, or rwsplit's. A transaction rolled back
     * with 40001 (rwsplit's optimistic transaction whose replay differed) runs again, as a retrying app would.
     */
    private static void ormTransaction(Access access, int rows, ThreadLocalRandom random, boolean statements)
            throws SQLException {
        int[] ids = new int[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(1, rows + 1);
        }
        boolean writes = random.nextInt(10) == 0;
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = access.forWrites(); Statement control = connection.createStatement()) {
                if (statements) {
                    control.execute("BEGIN");
                } else {
                    connection.setAutoCommit(false);
                }
                try {
                    try (PreparedStatement select = connection.prepareStatement(BenchCluster.POINT_SELECT)) {
                        for (int id : ids) {
                            read(select, id);
                        }
                    }
                    if (writes) {
                        update(connection, ids[0]);
                    }
                    if (statements) {
                        control.execute("COMMIT");
                    } else {
                        connection.commit();
                    }
                    return;
                } catch (SQLException e) {
                    if (statements) {
                        control.execute("ROLLBACK");
                    } else {
                        connection.rollback();
                    }
                    if (!"40001".equals(e.getSQLState()) || attempt == 5) {
                        throw e;
                    }
                } finally {
                    if (!statements) {
                        connection.setAutoCommit(true);
                    }
                }
            }
        }
    }

    private static void read(PreparedStatement select, int id) throws SQLException {
        select.setInt(1, id);
        try (ResultSet row = select.executeQuery()) {
            consume(row, id);
        }
    }

    private static void consume(ResultSet row, int id) throws SQLException {
        if (!row.next() || row.getInt(1) != id || row.getString(2) == null || row.getBigDecimal(3) == null
                || row.getInt(4) < 0) {
            throw new IllegalStateException("item " + id + " not read back");
        }
    }

    private static void update(Connection connection, int id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(BenchCluster.UPDATE_STOCK)) {
            update.setInt(1, id);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("item " + id + " not updated");
            }
        }
    }
}
