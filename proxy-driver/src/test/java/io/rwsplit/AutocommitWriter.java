package io.rwsplit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One thread inserting rows in autocommit mode, one after the other, through one logical connection: the writes a
 * demoted primary refuses as read-only, which the driver runs again on the new primary. Table
 * {@code autocommit_writes (id INT PRIMARY KEY)}.
 */
final class AutocommitWriter implements AutoCloseable {

    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    AutocommitWriter(DataSource dataSource) {
        thread = new Thread(() -> write(dataSource), "autocommit-writer");
        thread.start();
    }

    private void write(DataSource dataSource) {
        int id = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO autocommit_writes VALUES (?)")) {
            while (running) {
                insert.setInt(1, ++id);
                try {
                    insert.executeUpdate();
                    acknowledged.add(id);
                } catch (SQLException e) {
                    failures.computeIfAbsent(String.valueOf(e.getSQLState()), k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
        } catch (SQLException e) {
            failures.computeIfAbsent("connect " + e.getSQLState(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    Set<Integer> acknowledged() {
        return acknowledged;
    }

    /** Failed writes by SQLState. */
    Map<String, Integer> failures() {
        Map<String, Integer> copy = new TreeMap<>();
        failures.forEach((state, count) -> copy.put(state, count.get()));
        return copy;
    }

    /** The acknowledged ids the server does not have. */
    static List<Integer> missing(Connection server, Set<Integer> acknowledged) throws SQLException {
        Set<Integer> found = ConcurrentHashMap.newKeySet();
        try (Statement statement = server.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM autocommit_writes")) {
            while (rows.next()) {
                found.add(rows.getInt(1));
            }
        }
        List<Integer> missing = new ArrayList<>(acknowledged);
        missing.removeAll(found);
        return missing;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(60_000);
    }
}
