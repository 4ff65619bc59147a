package io.rwsplit.config;

import io.rwsplit.consistency.ConsistencyScope;
import io.rwsplit.consistency.ReadYourWrites;
import io.rwsplit.monitor.MonitorSettings;
import io.rwsplit.routing.LoadBalance;
import io.rwsplit.routing.NoReplicaPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The catalog of {@code rwsplit.*} settings, in the order the README lists them. Adding a setting is one declaration
 * here ({@code add(Setting.millis(...))}); {@link DriverConfig#get(Setting)} reads it without further code.
 *
 * <p>A setting may derive its default from the URL or from a setting declared above it, never from one below.
 */
public final class Settings {

    /** The prefix of every key of ours. */
    public static final String PREFIX = "rwsplit.";

    private static final List<Setting<?>> ALL = new ArrayList<>();

    /** A MySQL identifier without quotes, or one in backticks; optionally {@code schema.} before the table. */
    private static final Pattern TABLE_NAME = Pattern.compile(
            "(?:(?:`[^`]{1,64}`|[A-Za-z0-9_$]{1,64})\\.)?(?:`[^`]{1,64}`|[A-Za-z0-9_$]{1,64})");

    public static final Setting<String> CLUSTER_NAME = add(Setting.text("rwsplit.clusterName", "",
            Settings::checkClusterName,
            "Name of this cluster: the prefix of every log line and of the connection pools' names")
            .defaultFrom("primary host:port/database, shortened to " + MonitorSettings.CLUSTER_NAME_MAX
                    + " characters", c -> ClusterNames.derived(c.primary(), c.database())));

    public static final Setting<LoadBalance> LOAD_BALANCE = add(Setting.choice("rwsplit.loadBalance",
            LoadBalance.class, LoadBalance.ROUND_ROBIN, LoadBalance::key,
            "How a read picks one of the replicas that serve reads")
            .defaultFrom("round-robin (weighted when rwsplit.weights is set)",
                    c -> c.isSet(Settings.WEIGHTS) ? LoadBalance.WEIGHTED : LoadBalance.ROUND_ROBIN)
            .checkedWith(Settings::checkWeightedHasWeights));

    public static final Setting<List<Integer>> WEIGHTS = add(Setting.of("rwsplit.weights", "1 per replica", "",
            null, Settings::parseWeights, Settings::formatWeights,
            "Replica weights for the weighted strategy: one positive integer per replica, in URL order, e.g. "
                    + "3,1; setting them selects weighted")
            .defaultFrom("1 per replica", c -> List.copyOf(Collections.nCopies(c.replicaCount(), 1)))
            .checkedWith(Settings::checkWeights));

    public static final Setting<Duration> REBALANCE_INTERVAL = add(Setting.millis("rwsplit.rebalanceInterval", 1000,
            0, "How long a connection keeps reading from the replica it picked before it picks again (0: every "
                    + "statement picks); it leaves a replica that stops serving at once"));

    public static final Setting<NoReplicaPolicy> NO_REPLICA = add(Setting.choice("rwsplit.noReplica",
            NoReplicaPolicy.class, NoReplicaPolicy.PRIMARY, NoReplicaPolicy::key,
            "What a read does when no replica serves reads: run on the primary, or fail"));

    public static final Setting<Duration> MAX_REPLICA_LAG = add(Setting.millis("rwsplit.maxReplicaLag", 1000,
            MonitorSettings.MAX_LAG_MIN, MonitorSettings.MAX_LAG_MAX, null,
            "Replication lag above which a replica stops serving reads"));

    public static final Setting<Duration> RESTORE_REPLICA_LAG = add(Setting.millis("rwsplit.restoreReplicaLag",
            500, 0, "Lag a lagging replica must get back under before it serves reads again")
            .defaultFrom("half of rwsplit.maxReplicaLag", c -> c.get(MAX_REPLICA_LAG).dividedBy(2))
            .checkedWith((restore, c) -> restore.compareTo(c.get(MAX_REPLICA_LAG)) > 0
                    ? "must be <= rwsplit.maxReplicaLag (" + c.get(MAX_REPLICA_LAG).toMillis() + " ms)"
                    : null));

    public static final Setting<Duration> RESTORE_DWELL = add(Setting.millis("rwsplit.restoreDwell", 2000,
            Duration.ZERO, MonitorSettings.RESTORE_DWELL_MAX, null,
            "How long a replica must stay under rwsplit.restoreReplicaLag before it serves reads again"));

    public static final Setting<Long> MAX_TRANSACTIONS_BEHIND = add(Setting.longInteger(
            "rwsplit.maxTransactionsBehind", 0, 0, Long.MAX_VALUE, "no limit",
            "Transactions a replica may be behind before it stops serving reads"));

    public static final Setting<Duration> POLL_INTERVAL = add(Setting.millis("rwsplit.pollInterval", 250,
            MonitorSettings.POLL_INTERVAL_MIN, MonitorSettings.POLL_INTERVAL_MAX, null,
            "How often each replica's lag is measured"));

    public static final Setting<Duration> PROBE_TIMEOUT = add(Setting.millis("rwsplit.probeTimeout", 1000,
            MonitorSettings.PROBE_TIMEOUT_MIN, MonitorSettings.PROBE_TIMEOUT_MAX, null,
            "How long one lag measurement may take before the replica counts as unreachable"));

    public static final Setting<Duration> PRIMARY_CUTOFF = add(Setting.millis("rwsplit.primaryCutoff", 10_000, 1000,
            "off", "How long the primary may fail the monitor's probes before the statements waiting on it are aborted "
                    + "and new ones fail at once until it answers (a frozen primary would hold them until their "
                    + "socketTimeout, or for ever)"));

    public static final Setting<Duration> PRIMARY_WAIT = add(Setting.millis("rwsplit.primaryWait", 5000,
            Duration.ZERO, Duration.ofMinutes(10), "do not wait", "How long a write waits for the monitor to find a primary when none is known (a switchover or failover "
                    + "under way, or two writable servers), and for a new one after the old refused it as read-only; "
                    + "then it fails, unexecuted"));

    public static final Setting<Discovery> DISCOVERY = add(Setting.choice("rwsplit.discovery", Discovery.class,
            Discovery.OFF, Discovery::key,
            "Whether replicas the primary reports (SHOW SLAVE HOSTS / SHOW REPLICAS, by their report_host and "
                    + "report_port) serve reads too, once healthy; the URL's hosts are always used"));

    public static final Setting<Duration> LAG_SUMMARY_INTERVAL = add(Setting.millis("rwsplit.lagSummaryInterval",
            30_000, MonitorSettings.LAG_SUMMARY_MIN, MonitorSettings.LAG_SUMMARY_MAX, "off",
            "How often a one-line summary of every replica's lag is logged at INFO"));

    public static final Setting<String> HEARTBEAT_TABLE = add(Setting.text("rwsplit.heartbeatTable", "",
            Settings::checkTableName,
            "Heartbeat table, as table (in the URL's database) or schema.table, each part bare or in backticks, "
                    + "whose timestamp measures lag; empty: the replica's own replication status")
            .checkedWith((table, c) -> !table.isEmpty() && !isQualified(table) && c.database().isEmpty()
                    ? "names no schema and the URL names no database: write schema.table" : null));

    public static final Setting<String> MONITOR_USER = add(Setting.text("rwsplit.monitorUser", "", raw -> null,
            "User the lag monitor connects as")
            .defaultFrom("the application's user", Setting.Context::user));

    public static final Setting<String> MONITOR_PASSWORD = add(Setting.text("rwsplit.monitorPassword", "",
            raw -> null, "Password of rwsplit.monitorUser")
            .defaultFrom("the application's password", Setting.Context::password)
            .secret());

    public static final Setting<Integer> POOL_MAX_SIZE = add(Setting.integer("rwsplit.poolMaxSize", 10, 1, 1000, "",
            "Maximum connections in each backend's pool: the primary's and each replica's"));

    public static final Setting<Integer> POOL_MIN_IDLE = add(Setting.integer("rwsplit.poolMinIdle", 0, 0, 1000, "",
            "Idle connections each backend's pool keeps open")
            .checkedWith((minIdle, c) -> minIdle > c.get(POOL_MAX_SIZE)
                    ? "must be <= rwsplit.poolMaxSize (" + c.get(POOL_MAX_SIZE) + ")"
                    : null));

    public static final Setting<Duration> POOL_CONNECTION_TIMEOUT = add(Setting.millis(
            "rwsplit.poolConnectionTimeout", 5000, 250,
            "How long getting a connection from a pool may wait before it fails"));

    public static final Setting<Duration> POOL_IDLE_TIMEOUT = add(Setting.millis("rwsplit.poolIdleTimeout",
            600_000, 10_000, "never",
            "How long a connection above rwsplit.poolMinIdle may sit idle before it is closed"));

    public static final Setting<Duration> POOL_MAX_LIFETIME = add(Setting.millis("rwsplit.poolMaxLifetime",
            1_800_000, 30_000, "no limit", "How long a pooled connection lives before it is replaced"));

    public static final Setting<Integer> CLASSIFIER_CACHE_SIZE = add(Setting.integer("rwsplit.classifierCacheSize",
            10_000, 0, 10_000_000, "", "SQL texts whose classification is cached; 0 turns the cache off"));

    public static final Setting<Integer> MAX_PARSE_LENGTH = add(Setting.integer("rwsplit.maxParseLength", 65_536, 0,
            10_000_000, "chars",
            "Longest statement given to the full SQL parser; longer ones the lexer settles, or they go to the "
                    + "primary"));

    public static final Setting<ReadYourWrites> READ_YOUR_WRITES = add(Setting.choice("rwsplit.readYourWrites",
            ReadYourWrites.class, ReadYourWrites.GTID, ReadYourWrites::key,
            "How a read sees earlier writes: off; primary-window (reads go to the primary for a while after a "
                    + "write); gtid (a replica known to have applied the write's GTID serves the read, else the "
                    + "primary: no waiting); gtid-wait (the read waits on its replica for the GTID)"));

    public static final Setting<ConsistencyScope> READ_YOUR_WRITES_SCOPE = add(Setting.choice(
            "rwsplit.readYourWritesScope", ConsistencyScope.class, ConsistencyScope.CONNECTION, ConsistencyScope::key,
            "Whose writes a read must see: its own connection's, or every write acknowledged in this JVM (cluster)"));

    public static final Setting<Duration> READ_YOUR_WRITES_WINDOW = add(Setting.millis(
            "rwsplit.readYourWritesWindow", 1000, 1,
            "primary-window: how long after a write reads go to the primary"));

    public static final Setting<Duration> CAUSAL_READ_TIMEOUT = add(Setting.millis("rwsplit.causalReadTimeout", 200,
            0, "gtid-wait (and gtid while no primary can serve the read): how long a read waits for a replica to "
                    + "apply the write before it goes to the primary"));

    public static final Setting<Boolean> OPTIMISTIC_TRANSACTIONS = add(Setting.of("rwsplit.optimisticTransactions",
            "false", "true or false", false, Settings::parseBoolean, String::valueOf,
            "Start transactions not declared read-only on a replica, and move one to the primary at its first "
                    + "statement that must run there, replaying it and comparing every result (40001 if one differs)"));

    public static final Setting<Duration> OPTIMISTIC_START_WAIT = add(Setting.millis("rwsplit.optimisticStartWait",
            10, 0, "gtid: how long an optimistic transaction that starts right after its connection's write waits for "
                    + "the catch-up watcher to see its replica apply the write, before it starts on the primary; 0 "
                    + "starts it on the primary at once"));

    public static final Setting<Long> TRANSACTION_JOURNAL_LIMIT = add(Setting.longInteger(
            "rwsplit.transactionJournalLimit", 1_048_576, 0, 1L << 30, null,
            "Bytes of statements a transaction on a replica may journal per connection, to be replayed on another "
                    + "server if its replica fails or it moves to the primary; past it the transaction cannot be "
                    + "replayed; 0 turns journal and replay off"));

    public static final Setting<Boolean> DRY_RUN = add(Setting.of("rwsplit.dryRun", "false", "true or false", false,
            Settings::parseBoolean, String::valueOf,
            "Decide and count where every statement would run, but run them all on the primary: to check the "
                    + "splitting on real traffic before turning it on"));

    private Settings() {
    }

    private static Boolean parseBoolean(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.equals("true")) {
            return Boolean.TRUE;
        }
        if (value.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    /** Every setting, in catalog order. */
    public static List<Setting<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** @return the setting with exactly this name, or null */
    public static Setting<?> named(String name) {
        for (Setting<?> setting : ALL) {
            if (setting.name().equals(name)) {
                return setting;
            }
        }
        return null;
    }

    /** Every setting's name, in catalog order. */
    public static List<String> names() {
        return ALL.stream().map(Setting::name).toList();
    }

    private static <T> Setting<T> add(Setting<T> setting) {
        if (named(setting.name()) != null) {
            throw new IllegalStateException("two settings named " + setting.name());
        }
        ALL.add(setting);
        return setting;
    }

    // ---- checks -----------------------------------------------------------------------------------------------

    private static String checkClusterName(String raw) {
        if (raw.length() > MonitorSettings.CLUSTER_NAME_MAX) {
            return "must be at most " + MonitorSettings.CLUSTER_NAME_MAX + " characters";
        }
        if (raw.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    private static String checkTableName(String raw) {
        return TABLE_NAME.matcher(raw).matches() ? null
                : "must be a table name, optionally schema.table: letters, digits, _ and $, or a `quoted` name";
    }

    /** Whether a valid heartbeat table name names its schema. */
    static boolean isQualified(String table) {
        return MonitorSettings.HEARTBEAT_TABLE.matcher(table).matches();
    }

    private static List<Integer> parseWeights(String raw) {
        List<Integer> weights = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String weight = part.trim();
            int value;
            try {
                value = Integer.parseInt(weight);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "\"" + weight + "\" is not a whole number; expected positive integers separated by commas");
            }
            if (value < 1) {
                throw new IllegalArgumentException("weight " + value + " must be >= 1");
            }
            weights.add(value);
        }
        return List.copyOf(weights);
    }

    private static String formatWeights(List<Integer> weights) {
        return weights.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String checkWeights(List<Integer> weights, Setting.Context c) {
        LoadBalance strategy = c.get(LOAD_BALANCE);
        if (strategy != LoadBalance.WEIGHTED) {
            return "only used by rwsplit.loadBalance=weighted, but it is " + strategy.key()
                    + "; remove rwsplit.weights or set rwsplit.loadBalance=weighted";
        }
        int replicas = c.replicaCount();
        if (weights.size() != replicas) {
            return "expected " + replicas + (replicas == 1 ? " weight" : " weights")
                    + " (one per replica, in URL order), got " + weights.size();
        }
        return null;
    }

    private static String checkWeightedHasWeights(LoadBalance strategy, Setting.Context c) {
        if (strategy == LoadBalance.WEIGHTED && !c.isSet(WEIGHTS) && c.replicaCount() > 0) {
            return "needs rwsplit.weights, one positive integer per replica (" + c.replicaCount() + ") in URL order";
        }
        return null;
    }
}
