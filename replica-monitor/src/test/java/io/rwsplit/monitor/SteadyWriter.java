package io.rwsplit.monitor;

import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Inserts a row into the primary at a steady pace on its own thread and remembers when each of its transactions
 * committed, by MariaDB GTID sequence number: the ground truth the monitor's lag figures are checked against. Stops
 * by itself after {@code maxRun}.
 */
final class SteadyWriter implements AutoCloseable {

    private final ReplicationCluster cluster;
    private final Duration pause;
    private final Duration maxRun;
    private final ConcurrentSkipListMap<Long, Instant> commits = new ConcurrentSkipListMap<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Exception failure;

    SteadyWriter(ReplicationCluster cluster, Duration pause, Duration maxRun) throws SQLException {
        this.cluster = cluster;
        this.pause = pause;
        this.maxRun = maxRun;
        try (Connection connection = cluster.connect(cluster.primary());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "at DATETIME(6) NOT NULL)");
        }
        this.thread = new Thread(this::run, "steady-writer");
        this.thread.setDaemon(true);
    }

    SteadyWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        long end = System.nanoTime() + maxRun.toNanos();
        try (Connection connection = cluster.connect(cluster.primary());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO writes (at) VALUES (NOW(6))");
             Statement gtid = connection.createStatement()) {
            while (!stop && System.nanoTime() < end) {
                insert.executeUpdate();
                Instant committed = Instant.now();
                try (ResultSet resultSet = gtid.executeQuery("SELECT @@last_gtid")) {
                    resultSet.next();
                    String last = resultSet.getString(1);
                    commits.put(Long.parseLong(last.substring(last.lastIndexOf('-') + 1)), committed);
                }
                Thread.sleep(pause.toMillis());
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When the oldest of our transactions that a replica at {@code position} has not applied committed; null when it
     * has applied all of them so far.
     */
    Instant oldestMissingCommit(ReplicationPosition position) {
        long applied = Long.parseLong(position.toString().replaceAll(".*-", ""));
        Map.Entry<Long, Instant> next = commits.higherEntry(applied);
        return next == null ? null : next.getValue();
    }

    /** The true lag of a replica at {@code position} observed at {@code at}, in milliseconds. */
    long trueLagMillis(ReplicationPosition position, Instant at) {
        Instant oldest = oldestMissingCommit(position);
        return oldest == null || !oldest.isBefore(at) ? 0 : Duration.between(oldest, at).toMillis();
    }

    int commits() {
        return commits.size();
    }

    /** Stops writing; rethrows what stopped the writer early, if anything did. */
    @Override
    public void close() throws SQLException {
        stop = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof SQLException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
    }
}
