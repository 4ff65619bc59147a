package io.rwsplit.benchmarks.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the application reaches the servers in one variant: its HikariCP pools (all of one size) and what it must do
 * to send reads to a replica.
 */
final class Access implements AutoCloseable {

    /** Who decides where a statement runs. */
    enum Style {
        /** The application: a pool per replica it reads from, one to the primary for writes. */
        APPLICATION,
        /** The driver, from the SQL: one pool, nothing else to do (rwsplit). */
        DRIVER,
        /** The driver, from {@code setReadOnly(true)}: one pool, reads marked (Connector/J's replication URL). */
        READ_ONLY_FLAG
    }

    private final Style style;
    private final List<HikariDataSource> reads;
    private final HikariDataSource writes;
    private final AtomicInteger nextRead = new AtomicInteger();

    private Access(Style style, List<HikariDataSource> reads, HikariDataSource writes) {
        this.style = style;
        this.reads = reads;
        this.writes = writes;
    }

    /** One pool for everything. */
    static Access onePool(Style style, String name, String url, String user, String password, int size) {
        return new Access(style, List.of(pool(name, url, user, password, size)), null);
    }

    /**
     * Reads to the servers of {@code readUrls}, one unit of work each in turn, writes to another server, each with
     * its own pool.
     */
    static Access separatePools(String name, List<String> readUrls, String writeUrl, String user, String password,
                                int size) {
        List<HikariDataSource> pools = new ArrayList<>();
        try {
            for (int i = 0; i < readUrls.size(); i++) {
                pools.add(pool(name + "-reads-" + (i + 1), readUrls.get(i), user, password, size));
            }
            HikariDataSource writes = pool(name + "-writes", writeUrl, user, password, size);
            return new Access(Style.APPLICATION, List.copyOf(pools), writes);
        } catch (RuntimeException e) {
            pools.forEach(HikariDataSource::close);
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
        HikariDataSource pool = reads.size() == 1 ? reads.get(0)
                : reads.get(Math.floorMod(nextRead.getAndIncrement(), reads.size()));
        Connection connection = pool.getConnection();
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
        return writes != null ? writes.getConnection() : reads.get(0).getConnection();
    }

    /**
     * The waits rwsplit's catch-up watcher has run on the replicas so far (background work of the driver, not reads of
     * the workload); 0 for the other styles.
     */
    long catchUpWaits() throws SQLException {
        if (style != Style.DRIVER) {
            return 0;
        }
        try (Connection connection = reads.get(0).getConnection()) {
            return io.rwsplit.RwSplit.status(connection).readYourWrites().catchUpWaits();
        }
    }

    @Override
    public void close() {
        reads.forEach(HikariDataSource::close);
        if (writes != null) {
            writes.close();
        }
    }
}
