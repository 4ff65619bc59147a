package io.rwsplit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The chaos test's own record of its writes: each ledger row the driver acknowledged (commit returned), with when,
 * and each write whose outcome is unknown (the connection broke after the INSERT was sent). At the end it is compared
 * with the primary's table row by row.
 */
final class ChaosLedger {

    static final String TABLE = "CREATE TABLE ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, client INT NOT NULL, "
            + "seq INT NOT NULL, amount INT NOT NULL, KEY (client, seq))";

    /** One row the test wrote. */
    record Row(long id, int client, int seq, int amount) {
    }

    private final Map<String, Row> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    /** Acknowledged rows by when the commit returned ({@link System#nanoTime()}). */
    private final ConcurrentSkipListMap<Long, Row> byAckTime = new ConcurrentSkipListMap<>();

    void acknowledged(Row row, long atNanos) {
        acknowledged.put(key(row.client(), row.seq()), row);
        long at = atNanos;
        while (byAckTime.putIfAbsent(at, row) != null) {
            at++;
        }
    }

    void uncertain(int client, int seq) {
        uncertain.add(key(client, seq));
    }

    /** The row acknowledged last at or before {@code nanos}, or null. */
    Row acknowledgedBy(long nanos) {
        Map.Entry<Long, Row> entry = byAckTime.floorEntry(nanos);
        return entry == null ? null : entry.getValue();
    }

    /** When the first write acknowledged after {@code nanos} was, or -1 when none was. */
    long firstAcknowledgedAfter(long nanos) {
        Long at = byAckTime.higherKey(nanos);
        return at == null ? -1 : at;
    }

    /** When the last write acknowledged at or before {@code nanos} was, or -1 when none was. */
    long lastAcknowledgedBy(long nanos) {
        Long at = byAckTime.floorKey(nanos);
        return at == null ? -1 : at;
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    int uncertainCount() {
        return uncertain.size();
    }

    /** Every difference between this record and the table as {@code server} has it; empty when they agree. */
    List<String> differences(Connection server) throws SQLException {
        Map<String, List<Row>> found = new HashMap<>();
        try (Statement statement = server.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, client, seq, amount FROM ledger ORDER BY id")) {
            while (rows.next()) {
                Row row = new Row(rows.getLong(1), rows.getInt(2), rows.getInt(3), rows.getInt(4));
                found.computeIfAbsent(key(row.client(), row.seq()), k -> new ArrayList<>()).add(row);
            }
        }
        List<String> problems = new ArrayList<>();
        acknowledged.forEach((key, row) -> {
            List<Row> copies = found.get(key);
            if (copies == null) {
                problems.add("acknowledged but missing: " + row);
            } else if (!copies.get(0).equals(row)) {
                problems.add("acknowledged " + row + " but the table has " + copies.get(0));
            }
        });
        found.forEach((key, copies) -> {
            if (copies.size() > 1) {
                problems.add("duplicated " + copies.size() + " times: " + copies);
            }
            if (!acknowledged.containsKey(key) && !uncertain.contains(key)) {
                problems.add("in the table but never acknowledged nor left uncertain: " + copies.get(0));
            }
        });
        return problems;
    }

    private static String key(int client, int seq) {
        return client + "/" + seq;
    }
}
