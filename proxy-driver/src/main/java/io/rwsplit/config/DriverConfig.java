package io.rwsplit.config;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.MonitorSettings;
import io.rwsplit.routing.LoadBalance;
import io.rwsplit.routing.NoReplicaPolicy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverPropertyInfo;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validated, immutable configuration of one cluster: where the primary and the replicas are, the database, the
 * properties every backend connection gets, and every {@code rwsplit.*} setting.
 *
 * <h2>Where values come from</h2>
 * The URL's query and the {@link Properties} given to {@code connect} are merged the way Connector/J merges them:
 * <b>a key in the Properties overrides the same key in the URL</b> (Connector/J's {@code ConnectionUrl} fills its
 * properties from the URL first and then puts every Properties entry over them). Within the URL a later duplicate
 * wins. This holds for {@code rwsplit.*} keys, {@code user}, {@code password} and every Connector/J property alike.
 * Only String entries of the Properties count, as in Connector/J, except that an {@code rwsplit.*} entry with another
 * value type (HikariCP's {@code addDataSourceProperty} stores Objects) is read through {@code toString()}.
 *
 * <h2>What goes where</h2>
 * Keys starting with {@code rwsplit.} (in any case) are ours: each must name a setting in {@link Settings}, is
 * validated, and is not passed on. Every other key, {@code user} and {@code password} included, is passed unchanged
 * to Connector/J for every backend; a URL key without {@code =} sets nothing, as in Connector/J. An empty or blank
 * value of an {@code rwsplit.*} key means its default. The name of a setting of ours without the prefix (e.g.
 * {@code maxReplicaLag=5000}) is reported, since Connector/J would silently ignore it.
 *
 * <p>All problems are reported together in one {@link SQLNonTransientConnectionException} with SQLState 08001.
 */
public final class DriverConfig {

    private final Endpoint primary;
    private final List<Endpoint> replicas;
    private final String database;
    private final Map<String, String> backend;
    private final Map<Setting<?>, Object> values;
    private final Set<Setting<?>> explicit;
    private final ClusterKey identity;
    private MonitorSettings monitorSettings;

    private DriverConfig(ClusterUrl url, Map<String, String> backend, Resolution resolution) {
        this.primary = url.primary();
        this.replicas = url.replicas();
        this.database = url.database();
        this.backend = Collections.unmodifiableMap(new LinkedHashMap<>(backend));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(resolution.values));
        this.explicit = Set.copyOf(resolution.explicit.keySet());
        this.identity = identify();
    }

    /** Whether this driver handles the URL: it starts with {@code jdbc:rwsplit:mysql:}. False for null. */
    public static boolean accepts(String url) {
        return ClusterUrl.accepts(url);
    }

    /**
     * Parses and validates a URL and the Properties given with it.
     *
     * @param info may be null
     * @throws SQLNonTransientConnectionException with SQLState 08001, listing every problem; passwords masked
     */
    public static DriverConfig parse(String url, Properties info) throws SQLNonTransientConnectionException {
        Problems problems = new Problems();
        ClusterUrl parts = ClusterUrl.parse(url, problems);
        Map<String, String> backend = new LinkedHashMap<>();
        Map<String, String> ours = new LinkedHashMap<>();
        merge(parts.query(), info).forEach((key, value) -> {
            if (isOurs(key)) {
                ours.put(key, value);
            } else if (value != null) {
                String missingPrefix = unprefixedSetting(key);
                if (missingPrefix != null) {
                    problems.invalid(key, value, "an rwsplit setting needs the \"" + Settings.PREFIX
                            + "\" prefix (did you mean \"" + missingPrefix + "\"?)");
                } else {
                    backend.put(key, value);
                }
            }
        });
        Resolution resolution = new Resolution(parts, backend);
        Map<Setting<?>, String> raws = new HashMap<>();
        for (Setting<?> setting : Settings.all()) {
            if (!ours.containsKey(setting.name())) {
                continue;
            }
            String raw = ours.remove(setting.name());
            if (raw == null) {
                problems.add(setting.name() + ": no value; write " + setting.name() + "=value");
                resolution.invalid.add(setting);
            } else if (!raw.isBlank()) {
                try {
                    resolution.explicit.put(setting, setting.parse(raw));
                    raws.put(setting, raw);
                } catch (IllegalArgumentException e) {
                    problems.invalid(setting.name(), raw, e.getMessage());
                    resolution.invalid.add(setting);
                }
            }
        }
        new TreeMap<>(ours).keySet().forEach(unknown -> problems.add(unknown + ": unknown setting"
                + Spelling.didYouMean(unknown, Settings.names())));
        Settings.all().forEach(resolution::resolve);
        for (Setting<?> setting : Settings.all()) {
            String reason = resolution.explicit.containsKey(setting) ? resolution.check(setting) : null;
            if (reason != null) {
                problems.invalid(setting.name(), raws.get(setting), reason);
            }
        }
        problems.throwIfAny();
        DriverConfig config = new DriverConfig(parts, backend, resolution);
        try {
            config.monitorSettings = config.buildMonitorSettings();
        } catch (IllegalArgumentException e) {
            // The bounds are the monitor's own (see Settings), so this would be a bug: still an 08001, never a crash.
            problems.add("the replica monitor refused these settings: " + e.getMessage());
        }
        problems.throwIfAny();
        return config;
    }

    private MonitorSettings buildMonitorSettings() {
        MonitorSettings.Builder settings = MonitorSettings.builder()
                .clusterName(clusterName())
                .maxLag(maxReplicaLag())
                .restoreLag(restoreReplicaLag())
                .restoreDwell(restoreDwell())
                .maxTransactionsBehind(maxTransactionsBehind())
                .pollInterval(pollInterval())
                .probeTimeout(probeTimeout())
                .lagSummaryInterval(lagSummaryInterval())
                .discoverReplicas(get(Settings.DISCOVERY) == Discovery.REPLICAS);
        heartbeatTable().ifPresent(settings::heartbeatTable);
        return settings.build();
    }

    /**
     * Our settings for {@code Driver.getPropertyInfo}: name, one-line description with range and default, the
     * current value (from the URL and Properties, else the default; passwords masked) and, for enum settings, the
     * choices. Never throws: on an invalid configuration the values given are shown as written.
     */
    public static DriverPropertyInfo[] propertyInfo(String url, Properties info) {
        Map<String, String> current = new HashMap<>();
        try {
            DriverConfig config = parse(url, info);
            for (Setting<?> setting : Settings.all()) {
                current.put(setting.name(), config.formatted(setting));
            }
        } catch (SQLNonTransientConnectionException invalid) {
            Map<String, String> given = merge(ClusterUrl.parse(url, new Problems()).query(), info);
            for (Setting<?> setting : Settings.all()) {
                String raw = given.get(setting.name());
                current.put(setting.name(), raw != null && !raw.isBlank() ? raw.trim() : formattedDefault(setting));
            }
        }
        List<DriverPropertyInfo> infos = new ArrayList<>();
        for (Setting<?> setting : Settings.all()) {
            String value = current.get(setting.name());
            DriverPropertyInfo property = new DriverPropertyInfo(setting.name(),
                    setting.isSecret() && value != null ? Masking.MASK : value);
            property.description = setting.description() + " Default: " + setting.defaultText() + ".";
            property.required = false;
            property.choices = setting.choices().isEmpty() ? null : setting.choices().toArray(new String[0]);
            infos.add(property);
        }
        return infos.toArray(new DriverPropertyInfo[0]);
    }

    // ---- the cluster ----------------------------------------------------------------------------------------------

    public Endpoint primary() {
        return primary;
    }

    /** Every host of the URL, in URL order: where the monitor starts looking for the primary and the replicas. */
    public List<Endpoint> seeds() {
        List<Endpoint> seeds = new ArrayList<>(replicas.size() + 1);
        seeds.add(primary);
        seeds.addAll(replicas);
        return seeds;
    }

    /** The hosts after the first in URL order; may be empty. */
    public List<Endpoint> replicas() {
        return replicas;
    }

    /** The database from the URL, "" when the URL names none. */
    public String database() {
        return database;
    }

    /** The application's {@code user}, as Connector/J gets it. */
    public Optional<String> user() {
        return Optional.ofNullable(backendValue(backend, "user"));
    }

    /**
     * A new copy of the properties every backend connection gets: everything but {@code rwsplit.*}, {@code user}
     * and {@code password} included. Changing it changes nothing here.
     */
    public Properties backendProperties() {
        Properties copy = new Properties();
        copy.putAll(backend);
        return copy;
    }

    /**
     * The Connector/J URL of one backend, {@code jdbc:mysql://host:port/database}; the properties go separately. The
     * database is %-encoded, as Connector/J decodes it ({@code my db}, {@code a%b}, {@code x?y} arrive as named).
     */
    public String backendUrl(Endpoint endpoint) {
        return monitorUrl(endpoint) + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The Connector/J URL the monitor probes a server on: no default database, which it may not be allowed. */
    public String monitorUrl(Endpoint endpoint) {
        return "jdbc:mysql://" + endpoint + "/";
    }

    /** The replica monitor's settings, validated with the same bounds as ours. */
    public MonitorSettings monitorSettings() {
        return monitorSettings;
    }

    /** The sizes and timeouts of every backend's pool. */
    public PoolSettings poolSettings() {
        return new PoolSettings(poolMaxSize(), poolMinIdle(), poolConnectionTimeout().toMillis(),
                poolIdleTimeout().toMillis(), poolMaxLifetime().toMillis());
    }

    /** The key that decides whether two configurations share one cluster; see {@link ClusterKey}. */
    public ClusterKey identity() {
        return identity;
    }

    // ---- settings -------------------------------------------------------------------------------------------------

    /** Any setting's value: given, or its default. Null only for an unset monitor user or password. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting + " is not in the catalog");
        }
        return (T) values.get(setting);
    }

    /** Whether the URL or the Properties gave this setting a value. */
    public boolean isSet(Setting<?> setting) {
        return explicit.contains(setting);
    }

    public String clusterName() {
        return get(Settings.CLUSTER_NAME);
    }

    public LoadBalance loadBalance() {
        return get(Settings.LOAD_BALANCE);
    }

    public Duration rebalanceInterval() {
        return get(Settings.REBALANCE_INTERVAL);
    }

    /** One weight per replica, in URL order; all 1 unless {@code rwsplit.weights} is set. */
    public List<Integer> weights() {
        return get(Settings.WEIGHTS);
    }

    public NoReplicaPolicy noReplica() {
        return get(Settings.NO_REPLICA);
    }

    public Duration maxReplicaLag() {
        return get(Settings.MAX_REPLICA_LAG);
    }

    public Duration restoreReplicaLag() {
        return get(Settings.RESTORE_REPLICA_LAG);
    }

    public Duration restoreDwell() {
        return get(Settings.RESTORE_DWELL);
    }

    /** 0 means no limit. */
    public long maxTransactionsBehind() {
        return get(Settings.MAX_TRANSACTIONS_BEHIND);
    }

    public Duration pollInterval() {
        return get(Settings.POLL_INTERVAL);
    }

    public Duration probeTimeout() {
        return get(Settings.PROBE_TIMEOUT);
    }

    /** {@link Duration#ZERO} means no summary. */
    public Duration lagSummaryInterval() {
        return get(Settings.LAG_SUMMARY_INTERVAL);
    }

    /**
     * The heartbeat table as {@code schema.table} (a bare table name is in the URL's database), empty when lag comes
     * from replication status.
     */
    public Optional<String> heartbeatTable() {
        String table = get(Settings.HEARTBEAT_TABLE);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Settings.isQualified(table) ? table : "`" + database + "`." + table);
    }

    /** {@code rwsplit.monitorUser}, else the application's user; empty when neither is set. */
    public Optional<String> monitorUser() {
        return Optional.ofNullable(get(Settings.MONITOR_USER));
    }

    /** {@code rwsplit.monitorPassword}, else the application's password; empty when neither is set. */
    public Optional<String> monitorPassword() {
        return Optional.ofNullable(get(Settings.MONITOR_PASSWORD));
    }

    public int poolMaxSize() {
        return get(Settings.POOL_MAX_SIZE);
    }

    public int poolMinIdle() {
        return get(Settings.POOL_MIN_IDLE);
    }

    public Duration poolConnectionTimeout() {
        return get(Settings.POOL_CONNECTION_TIMEOUT);
    }

    /** {@link Duration#ZERO} means idle connections are never closed. */
    public Duration poolIdleTimeout() {
        return get(Settings.POOL_IDLE_TIMEOUT);
    }

    /** {@link Duration#ZERO} means no limit. */
    public Duration poolMaxLifetime() {
        return get(Settings.POOL_MAX_LIFETIME);
    }

    public int classifierCacheSize() {
        return get(Settings.CLASSIFIER_CACHE_SIZE);
    }

    public int maxParseLength() {
        return get(Settings.MAX_PARSE_LENGTH);
    }

    public boolean dryRun() {
        return get(Settings.DRY_RUN);
    }

    /** Everything but the passwords, which show as {@link Masking#MASK}. */
    @Override
    public String toString() {
        return "DriverConfig" + identity;
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private <T> String formatted(Setting<T> setting) {
        return setting.format(get(setting));
    }

    private static <T> String formattedDefault(Setting<T> setting) {
        return setting.format(setting.fixedDefault());
    }

    private ClusterKey identify() {
        Map<String, String> settings = new LinkedHashMap<>();
        StringBuilder secrets = new StringBuilder();
        for (Setting<?> setting : Settings.all()) {
            String value = formatted(setting);
            settings.put(setting.name(), value);
            if (setting.isSecret()) {
                secrets.append(setting.name()).append('=').append(value).append('\n');
            }
        }
        Map<String, String> sortedBackend = new TreeMap<>(backend);
        sortedBackend.forEach((key, value) -> {
            if (Masking.isSecret(key)) {
                secrets.append(key).append('=').append(value).append('\n');
            }
        });
        String text = "{primary=" + primary + ", replicas=" + replicas + ", database=" + database
                + ", user=" + user().orElse("") + ", settings=" + Masking.mask(settings)
                + ", backend=" + Masking.mask(sortedBackend) + "}";
        return new ClusterKey(text, secrets.toString());
    }

    /** The value of a Connector/J key, which Connector/J reads in any case ({@code User} is {@code user}). */
    private static String backendValue(Map<String, String> backend, String key) {
        String exact = backend.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> entry : backend.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean isOurs(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith(Settings.PREFIX);
    }

    /** @return our setting's full name when {@code key} is its name without the prefix, else null */
    private static String unprefixedSetting(String key) {
        for (Setting<?> setting : Settings.all()) {
            if (setting.name().substring(Settings.PREFIX.length()).equalsIgnoreCase(key)) {
                return setting.name();
            }
        }
        return null;
    }

    /** The URL's query with the Properties over it, as in Connector/J. */
    private static Map<String, String> merge(Map<String, String> query, Properties info) {
        Map<String, String> merged = new LinkedHashMap<>(query);
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                merged.put(key, info.getProperty(key));
            }
            info.forEach((key, value) -> {
                if (key instanceof String name && isOurs(name) && value != null && !(value instanceof String)) {
                    merged.put(name, value.toString());
                }
            });
        }
        return merged;
    }

    /** Resolves defaults in catalog order and runs the cross-setting checks. */
    private static final class Resolution implements Setting.Context {

        /** Thrown when a default or check depends on something invalid: that default or check is skipped. */
        private static final class Unknown extends RuntimeException {
            Unknown() {
                super(null, null, false, false);
            }
        }

        private final ClusterUrl url;
        private final Map<String, String> backend;
        private final Map<Setting<?>, Object> explicit = new HashMap<>();
        private final Set<Setting<?>> invalid = new HashSet<>();
        private final Map<Setting<?>, Object> values = new LinkedHashMap<>();

        Resolution(ClusterUrl url, Map<String, String> backend) {
            this.url = url;
            this.backend = backend;
        }

        @SuppressWarnings("unchecked")
        <T> void resolve(Setting<T> setting) {
            T value;
            try {
                value = explicit.containsKey(setting) ? (T) explicit.get(setting) : setting.defaultValue(this);
            } catch (Unknown e) {
                value = null;
            }
            values.put(setting, value);
        }

        @SuppressWarnings("unchecked")
        <T> String check(Setting<T> setting) {
            try {
                return setting.crossCheck((T) values.get(setting), this);
            } catch (Unknown e) {
                return null;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V get(Setting<V> setting) {
            if (invalid.contains(setting)) {
                throw new Unknown();
            }
            if (values.containsKey(setting)) {
                V value = (V) values.get(setting);
                if (value == null) {
                    throw new Unknown();
                }
                return value;
            }
            if (explicit.containsKey(setting)) {
                return (V) explicit.get(setting);
            }
            throw new IllegalStateException(setting + " is read before it is resolved; declare it earlier");
        }

        @Override
        public boolean isSet(Setting<?> setting) {
            return explicit.containsKey(setting) || invalid.contains(setting);
        }

        @Override
        public Endpoint primary() {
            if (url.primary() == null) {
                throw new Unknown();
            }
            return url.primary();
        }

        @Override
        public int replicaCount() {
            primary();
            return url.replicas().size();
        }

        @Override
        public String database() {
            return url.database();
        }

        @Override
        public String user() {
            return backendValue(backend, "user");
        }

        @Override
        public String password() {
            return backendValue(backend, "password");
        }
    }
}
