package io.rwsplit.benchmarks.load;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The servers' own counts, read as root on every node before and after a run: client statements ({@code Questions})
 * and SELECTs ({@code Com_select}), so a run shows how many statements each variant's driver really sent per unit of
 * work and on which servers its reads ran. Each reading counts itself once per node in {@code Questions} (a SHOW is
 * not a SELECT); that is taken off. Where the server's process can be read from {@code /proc} (a local server), a
 * reading also takes its CPU time, so a run shows what each variant costs the servers, not only the application.
 */
final class ServerCounters implements AutoCloseable {

    /**
     * One reading: per node, the primary first.
     *
     * @param cpuNanos each server process's CPU time so far; -1 where it cannot be read
     * @param commands per node, the server's command counters ({@code Com_*}) and bytes sent and received: what
     *                 {@code Questions} leaves out (pings, prepares, closes, resets) shows there
     */
    record Reading(long[] statements, long[] selects, long[] cpuNanos, List<Map<String, Long>> commands) {
    }

    private final List<Connection> nodes = new ArrayList<>();
    /** Per node, its server's {@code /proc/<pid>/stat}, or null where there is none to read. */
    private final List<Path> processStats = new ArrayList<>();

    ServerCounters(ReplicationCluster cluster) throws SQLException {
        try {
            for (ClusterNode node : cluster.nodes()) {
                Connection connection = cluster.connectAsRoot(node);
                nodes.add(connection);
                processStats.add(processStat(connection));
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    Reading read() throws SQLException {
        long[] statements = new long[nodes.size()];
        long[] selects = new long[nodes.size()];
        long[] cpuNanos = new long[nodes.size()];
        List<Map<String, Long>> commands = new ArrayList<>();
        for (int i = 0; i < statements.length; i++) {
            cpuNanos[i] = ProcessCpu.ofStat(processStats.get(i));
            Map<String, Long> counters = new TreeMap<>();
            try (Statement statement = nodes.get(i).createStatement();
                 ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name = 'Questions'"
                         + " OR Variable_name LIKE 'Com\\_%' OR Variable_name LIKE 'Bytes\\_%'")) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    long value = rows.getLong(2);
                    if (name.equalsIgnoreCase("Questions")) {
                        statements[i] = value;
                    } else {
                        if (name.equalsIgnoreCase("Com_select")) {
                            selects[i] = value;
                        }
                        counters.put(name, value);
                    }
                }
            }
            commands.add(counters);
        }
        return new Reading(statements, selects, cpuNanos, commands);
    }

    /** The server's {@code /proc/<pid>/stat} when its pid file names a process of this machine; else null. */
    private static Path processStat(Connection node) throws SQLException {
        String pidFile;
        try (Statement statement = node.createStatement();
             ResultSet row = statement.executeQuery("SELECT @@pid_file")) {
            pidFile = row.next() ? row.getString(1) : null;
        }
        if (pidFile == null) {
            return null;
        }
        try {
            Path stat = Path.of("/proc", Files.readString(Path.of(pidFile)).trim(), "stat");
            return Files.isReadable(stat) ? stat : null;
        } catch (IOException | RuntimeException e) {
            // A server in a container, or one whose pid file this user cannot read: no CPU figures for it.
            return null;
        }
    }

    /** What clients sent to each node between two readings, without the second reading itself. */
    static Reading between(Reading before, Reading after) {
        int nodes = before.statements.length;
        long[] statements = new long[nodes];
        long[] selects = new long[nodes];
        long[] cpuNanos = new long[nodes];
        List<Map<String, Long>> commands = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Map<String, Long> delta = new TreeMap<>();
            Map<String, Long> earlier = before.commands.get(i);
            after.commands.get(i).forEach((name, value) -> delta.put(name, value - earlier.getOrDefault(name, 0L)));
            commands.add(delta);
            statements[i] = Math.max(0, after.statements[i] - before.statements[i] - 1);
            selects[i] = Math.max(0, after.selects[i] - before.selects[i]);
            cpuNanos[i] = before.cpuNanos[i] < 0 || after.cpuNanos[i] < 0 ? -1 : after.cpuNanos[i] - before.cpuNanos[i];
        }
        return new Reading(statements, selects, cpuNanos, commands);
    }

    @Override
    public void close() {
        for (Connection node : nodes) {
            try {
                node.close();
            } catch (SQLException e) {
                // Closing a root connection of a cluster about to be removed: nothing to do.
            }
        }
        nodes.clear();
    }
}
