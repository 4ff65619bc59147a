package io.rwsplit.benchmarks.ryw;

import io.rwsplit.benchmarks.BenchCluster;
import io.rwsplit.testkit.Flavor;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What each way of reading one's own writes costs by itself, in plain Connector/J without rwsplit: the 9 reads +
 * 1 write loop of the load benchmark's {@code oneconn} workload on one thread, each strategy run in turn for
 * {@code seconds} per round, ratios to everything on the primary taken per round. MariaDB only (its GTID functions).
 * The strategies:
 * <ul>
 *   <li>{@code primary}: every statement on the primary (the baseline);</li>
 *   <li>{@code replica-unchecked}: reads on the replica with no check (misses possible: the upper bound);</li>
 *   <li>{@code wait}: the first read after a write waits on the replica ({@code MASTER_GTID_WAIT}) for its GTID;</li>
 *   <li>{@code check}: the first read after a write on the primary, later ones ask the replica once without waiting
 *       (timeout 0) and go there once it has the GTID;</li>
 *   <li>{@code check-in-read}: the same check sent with the read in one round trip (a multi-statement that fails
 *       before the read when the check does);</li>
 *   <li>{@code primary-then-watch}: reads on the primary until a background thread, waiting on the replica, has seen
 *       the GTID applied (rwsplit's {@code gtid} mode).</li>
 * </ul>
 * Arguments: {@code seconds=2 rounds=7}.
 */
public final class CausalStrategies {

    private static final String[] NAMES = {"primary", "replica-unchecked", "wait", "check", "check-in-read",
            "primary-then-watch"};
    private static final int PRIMARY = 0;
    private static final int UNCHECKED = 1;
    private static final int WAIT = 2;
    private static final int CHECK = 3;
    private static final int CHECK_IN_READ = 4;
    private static final int WATCH = 5;
    private static final int ROWS = 1_000;

    private final Connection primary;
    private final Connection replica;
    private final Watcher watcher;
    private long readsOnReplica;
    private long readsOnPrimary;

    private CausalStrategies(Connection primary, Connection replica, Watcher watcher) {
        this.primary = primary;
        this.replica = replica;
        this.watcher = watcher;
    }

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        int rounds = 7;
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "seconds" -> seconds = Double.parseDouble(pair[1]);
                case "rounds" -> rounds = Integer.parseInt(pair[1]);
                default -> throw new IllegalArgumentException("unknown setting " + arg + "; expected seconds, rounds");
            }
        }
        try (BenchCluster bench = BenchCluster.start("causal-strategies", 1, ROWS)) {
            ReplicationCluster cluster = bench.cluster();
            if (cluster.flavor() != Flavor.MARIADB) {
                System.out.println("causal strategies: MariaDB only (MASTER_GTID_WAIT); this cluster is "
                        + cluster.flavor());
                return;
            }
            Properties properties = new Properties();
            properties.setProperty("user", cluster.app().user());
            properties.setProperty("password", cluster.app().password());
            properties.setProperty("allowMultiQueries", "true");
            Properties tracking = new Properties();
            tracking.putAll(properties);
            tracking.setProperty("trackSessionState", "true");
            try (Connection primary = DriverManager.getConnection(cluster.primary().jdbcUrl(), tracking);
                 Connection replica = DriverManager.getConnection(cluster.replica(0).jdbcUrl(), properties);
                 Connection watching = DriverManager.getConnection(cluster.replica(0).jdbcUrl(), properties)) {
                try (Statement statement = primary.createStatement()) {
                    statement.execute("SET SESSION session_track_system_variables = 'last_gtid'");
                }
                Watcher watcher = new Watcher(watching);
                Thread thread = new Thread(watcher, "catch-up-watcher");
                thread.setDaemon(true);
                thread.start();
                new CausalStrategies(primary, replica, watcher).run(seconds, rounds);
            }
        }
    }

    private void run(double seconds, int rounds) throws SQLException {
        long length = (long) (seconds * 1e9);
        for (int warm = 0; warm < 300 * NAMES.length; warm++) {
            unit(warm % NAMES.length);
        }
        double[][] throughput = new double[NAMES.length][rounds];
        double[] share = new double[NAMES.length];
        for (int round = 0; round < rounds; round++) {
            for (int strategy = 0; strategy < NAMES.length; strategy++) {
                readsOnReplica = 0;
                readsOnPrimary = 0;
                long start = System.nanoTime();
                long units = 0;
                while (System.nanoTime() - start < length) {
                    unit(strategy);
                    units++;
                }
                throughput[strategy][round] = units / ((System.nanoTime() - start) / 1e9);
                share[strategy] = 100.0 * readsOnReplica / (readsOnReplica + readsOnPrimary);
            }
        }
        System.out.printf(Locale.ROOT, "%n9 reads + 1 write on one thread, %d rounds of %.1f s:%n%n", rounds, seconds);
        System.out.println("| strategy | x primary (median of rounds) | rounds | reads on the replica |");
        System.out.println("| --- | --: | --- | --: |");
        for (int strategy = 0; strategy < NAMES.length; strategy++) {
            double[] ratios = new double[rounds];
            StringBuilder each = new StringBuilder();
            for (int round = 0; round < rounds; round++) {
                ratios[round] = throughput[strategy][round] / throughput[PRIMARY][round];
                each.append(round == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", ratios[round]));
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "| %s | %.3f | %s | %.1f%% |%n", NAMES[strategy], ratios[rounds / 2], each,
                    share[strategy]);
        }
    }

    /** One write, then nine reads as the strategy sends them. */
    private void unit(int strategy) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (PreparedStatement update = primary.prepareStatement(BenchCluster.UPDATE_STOCK)) {
            update.setInt(1, random.nextInt(1, ROWS + 1));
            update.executeUpdate();
        }
        String gtid = strategy == PRIMARY || strategy == UNCHECKED ? null : trackedGtid();
        if (strategy == WATCH) {
            watcher.want(gtid);
        }
        boolean known = false;
        for (int i = 0; i < 9; i++) {
            int id = random.nextInt(1, ROWS + 1);
            if (strategy == CHECK_IN_READ && !known && i > 0 && readWithCheck(gtid, id)) {
                known = true;
                readsOnReplica++;
                continue;
            }
            boolean onReplica = switch (strategy) {
                case PRIMARY -> false;
                case UNCHECKED -> true;
                case WAIT -> {
                    if (!known) {
                        known = query(replica, "SELECT MASTER_GTID_WAIT('" + gtid + "', 1)") == 0;
                    }
                    yield known;
                }
                case CHECK -> {
                    if (!known && i > 0) {
                        known = query(replica, "SELECT MASTER_GTID_WAIT('" + gtid + "', 0)") == 0;
                    }
                    yield known;
                }
                case CHECK_IN_READ -> known;
                default -> {
                    known = known || watcher.has(gtid);
                    yield known;
                }
            };
            read(onReplica ? replica : primary, id);
            if (onReplica) {
                readsOnReplica++;
            } else {
                readsOnPrimary++;
            }
        }
    }

    private String trackedGtid() throws SQLException {
        var changes = primary.unwrap(com.mysql.cj.MysqlConnection.class).getSession().getServerSession()
                .getServerSessionStateController().getSessionStateChanges().getSessionStateChangesList();
        for (var change : changes) {
            if (change.getValues().size() == 2 && "last_gtid".equals(change.getValues().get(0))) {
                return change.getValues().get(1);
            }
        }
        throw new IllegalStateException("the write's OK packet carried no GTID");
    }

    private static void read(Connection connection, int id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(BenchCluster.POINT_SELECT)) {
            select.setInt(1, id);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    row.getInt(4);
                }
            }
        }
    }

    /** The check and the read in one round trip: a check that fails raises an error before the read runs. */
    private boolean readWithCheck(String gtid, int id) throws SQLException {
        String sql = "SET @caught_up = (SELECT CASE WHEN MASTER_GTID_WAIT('" + gtid + "', 0) = 0 THEN 1"
                + " ELSE (SELECT 1 UNION ALL SELECT 2) END); " + BenchCluster.POINT_SELECT;
        try (PreparedStatement select = replica.prepareStatement(sql)) {
            select.setInt(1, id);
            try {
                select.execute();
            } catch (SQLException e) {
                if (e.getErrorCode() == 1242) { // subquery returns more than 1 row: not caught up
                    return false;
                }
                throw e;
            }
            select.getMoreResults();
            try (ResultSet row = select.getResultSet()) {
                while (row.next()) {
                    row.getInt(4);
                }
            }
            return true;
        }
    }

    private static long query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long sequence(String gtid) {
        return Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1));
    }

    /** Waits on the replica for the newest GTID wanted, one wait at a time, and remembers the newest applied. */
    private static final class Watcher implements Runnable {

        private final Connection connection;
        private String wanted;
        private volatile long applied = -1;

        Watcher(Connection connection) {
            this.connection = connection;
        }

        synchronized void want(String gtid) {
            wanted = gtid;
            notifyAll();
        }

        boolean has(String gtid) {
            return applied >= sequence(gtid);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    String gtid;
                    synchronized (this) {
                        while (wanted == null || applied >= sequence(wanted)) {
                            wait();
                        }
                        gtid = wanted;
                    }
                    if (query(connection, "SELECT MASTER_GTID_WAIT('" + gtid + "', 1)") == 0) {
                        applied = Math.max(applied, sequence(gtid));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                System.err.println("catch-up watcher stopped: " + e);
            }
        }
    }
}
