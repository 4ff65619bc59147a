package io.rwsplit.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the replica monitor judges replicas and how often it looks. Immutable; made by {@link #builder()}, which
 * checks every value at once and names each bad one with the accepted range.
 *
 * <pre>{@code
 * MonitorSettings settings = MonitorSettings.builder()
 *         .clusterName("orders-db")
 *         .maxLag(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 */
public final class MonitorSettings {

    // The bounds of every setting, public: a client that configures the monitor (the driver) validates with these,
    // so whatever it accepts, the monitor accepts too.
    /** 0: any measured lag takes a replica out of the read pool. */
    public static final Duration MAX_LAG_MIN = Duration.ZERO;
    public static final Duration MAX_LAG_MAX = Duration.ofDays(1);
    public static final Duration POLL_INTERVAL_MIN = Duration.ofMillis(100);
    public static final Duration POLL_INTERVAL_MAX = Duration.ofHours(1);
    public static final Duration PROBE_TIMEOUT_MIN = Duration.ofMillis(50);
    public static final Duration PROBE_TIMEOUT_MAX = Duration.ofMinutes(5);
    public static final Duration RESTORE_DWELL_MAX = Duration.ofHours(1);
    public static final Duration LAG_SUMMARY_MIN = Duration.ofSeconds(1);
    public static final Duration LAG_SUMMARY_MAX = Duration.ofDays(1);
    public static final int CLUSTER_NAME_MAX = 64;

    /** One identifier, bare or in backticks: MySQL's own limit of 64 characters. */
    private static final String IDENTIFIER = "(?:`[^`]{1,64}`|[A-Za-z0-9_$]{1,64})";
    /** {@code schema.table}, each part bare or quoted. */
    public static final Pattern HEARTBEAT_TABLE = Pattern.compile(IDENTIFIER + "\\." + IDENTIFIER);

    private final String clusterName;
    private final Duration maxLag;
    private final Duration restoreLag;
    private final long maxTransactionsBehind;
    private final Duration pollInterval;
    private final Duration probeTimeout;
    private final Duration restoreDwell;
    private final Duration lagSummaryInterval;
    private final String heartbeatTable;
    private final boolean discoverReplicas;

    private MonitorSettings(Builder builder) {
        this.clusterName = builder.clusterName.strip();
        this.maxLag = builder.maxLag;
        this.restoreLag = builder.restoreLag != null ? builder.restoreLag : builder.maxLag.dividedBy(2);
        this.maxTransactionsBehind = builder.maxTransactionsBehind;
        this.pollInterval = builder.pollInterval;
        this.probeTimeout = builder.probeTimeout;
        this.restoreDwell = builder.restoreDwell;
        this.lagSummaryInterval = builder.lagSummaryInterval;
        this.discoverReplicas = builder.discoverReplicas;
        this.heartbeatTable = builder.heartbeatTable == null || builder.heartbeatTable.isBlank()
                ? null : builder.heartbeatTable.strip();
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: {@code builder().build()}. */
    public static MonitorSettings defaults() {
        return builder().build();
    }

    /** Prefix of every log line and part of every thread name; default {@code rwsplit}. */
    public String clusterName() {
        return clusterName;
    }

    /** A replica further behind than this stops serving reads; default 1000 ms. */
    public Duration maxLag() {
        return maxLag;
    }

    /** A replica out of the read pool returns only once its lag stays at or under this; default maxLag / 2. */
    public Duration restoreLag() {
        return restoreLag;
    }

    /** A replica more transactions behind than this stops serving reads; 0 (the default) means no limit. */
    public long maxTransactionsBehind() {
        return maxTransactionsBehind;
    }

    /** How often every server is probed; default 250 ms, at least 100 ms. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** How long a probe (connect and queries) may take before the server counts as down; default 1000 ms. */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /** How long a replica must stay healthy under {@link #restoreLag()} before it serves reads again; default 2 s. */
    public Duration restoreDwell() {
        return restoreDwell;
    }

    /** How often the one-line lag summary is logged; default 30 s, zero turns it off. */
    public Duration lagSummaryInterval() {
        return lagSummaryInterval;
    }

    /** Whether replicas the primary reports are monitored too, and serve reads once healthy. */
    public boolean discoverReplicas() {
        return discoverReplicas;
    }

    /**
     * The {@code schema.table} the monitor writes a timestamp to on the primary every poll and reads on the replicas,
     * measuring lag independently of clocks and positions; empty (the default) when off.
     */
    public Optional<String> heartbeatTable() {
        return Optional.ofNullable(heartbeatTable);
    }

    @Override
    public String toString() {
        return "MonitorSettings[clusterName=" + clusterName + ", maxLag=" + format(maxLag) + ", restoreLag="
                + format(restoreLag) + ", maxTransactionsBehind=" + maxTransactionsBehind + ", pollInterval="
                + format(pollInterval) + ", probeTimeout=" + format(probeTimeout) + ", restoreDwell="
                + format(restoreDwell) + ", lagSummaryInterval=" + format(lagSummaryInterval) + ", heartbeatTable="
                + (heartbeatTable == null ? "off" : heartbeatTable) + ", discoverReplicas=" + discoverReplicas + "]";
    }

    /** {@code 250ms}; sub-millisecond durations with decimals, e.g. {@code 0.5ms}. */
    static String format(Duration duration) {
        if (duration == null) {
            return "null";
        }
        long nanos = duration.toNanosPart() % 1_000_000;
        if (nanos == 0) {
            return duration.toMillis() + "ms";
        }
        return duration.toNanos() / 1_000_000.0 + "ms";
    }

    /** Collects settings; {@link #build()} validates them all at once. Not thread-safe. */
    public static final class Builder {

        private String clusterName = "rwsplit";
        private Duration maxLag = Duration.ofMillis(1000);
        private Duration restoreLag;
        private long maxTransactionsBehind;
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration probeTimeout = Duration.ofMillis(1000);
        private Duration restoreDwell = Duration.ofSeconds(2);
        private Duration lagSummaryInterval = Duration.ofSeconds(30);
        private String heartbeatTable;
        private boolean discoverReplicas;

        private Builder() {
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        public Builder maxLag(Duration maxLag) {
            this.maxLag = maxLag;
            return this;
        }

        /** Default: half of {@link #maxLag(Duration)}. */
        public Builder restoreLag(Duration restoreLag) {
            this.restoreLag = restoreLag;
            return this;
        }

        public Builder maxTransactionsBehind(long maxTransactionsBehind) {
            this.maxTransactionsBehind = maxTransactionsBehind;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder probeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
            return this;
        }

        public Builder restoreDwell(Duration restoreDwell) {
            this.restoreDwell = restoreDwell;
            return this;
        }

        public Builder lagSummaryInterval(Duration lagSummaryInterval) {
            this.lagSummaryInterval = lagSummaryInterval;
            return this;
        }

        /** {@code schema.table}, e.g. {@code rwsplit.heartbeat}; null or blank turns the heartbeat off. */
        public Builder heartbeatTable(String heartbeatTable) {
            this.heartbeatTable = heartbeatTable;
            return this;
        }

        /** Whether replicas the primary reports (SHOW SLAVE HOSTS / SHOW REPLICAS) are monitored too. */
        public Builder discoverReplicas(boolean discoverReplicas) {
            this.discoverReplicas = discoverReplicas;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every invalid setting, its value and the accepted range
         */
        public MonitorSettings build() {
            List<String> problems = new ArrayList<>();
            if (clusterName == null || clusterName.isBlank()) {
                problems.add("clusterName = " + quote(clusterName) + ": must not be blank");
            } else if (clusterName.strip().length() > CLUSTER_NAME_MAX
                    || clusterName.chars().anyMatch(Character::isISOControl)) {
                problems.add("clusterName = " + quote(clusterName) + ": must be 1 to " + CLUSTER_NAME_MAX
                        + " characters without control characters");
            }
            checkRange(problems, "maxLag", maxLag, MAX_LAG_MIN, MAX_LAG_MAX);
            if (restoreLag != null && maxLag != null) {
                if (restoreLag.isNegative() || restoreLag.compareTo(maxLag) > 0) {
                    problems.add("restoreLag = " + format(restoreLag) + ": must be between 0ms and maxLag ("
                            + format(maxLag) + ")");
                }
            }
            if (maxTransactionsBehind < 0) {
                problems.add("maxTransactionsBehind = " + maxTransactionsBehind
                        + ": must be >= 0 (0 means no limit)");
            }
            checkRange(problems, "pollInterval", pollInterval, POLL_INTERVAL_MIN, POLL_INTERVAL_MAX);
            checkRange(problems, "probeTimeout", probeTimeout, PROBE_TIMEOUT_MIN, PROBE_TIMEOUT_MAX);
            checkRange(problems, "restoreDwell", restoreDwell, Duration.ZERO, RESTORE_DWELL_MAX);
            if (lagSummaryInterval == null) {
                problems.add("lagSummaryInterval = null: must be 0ms (off) or between " + format(LAG_SUMMARY_MIN)
                        + " and " + format(LAG_SUMMARY_MAX));
            } else if (!lagSummaryInterval.isZero() && (lagSummaryInterval.compareTo(LAG_SUMMARY_MIN) < 0
                    || lagSummaryInterval.compareTo(LAG_SUMMARY_MAX) > 0)) {
                problems.add("lagSummaryInterval = " + format(lagSummaryInterval) + ": must be 0ms (off) or between "
                        + format(LAG_SUMMARY_MIN) + " and " + format(LAG_SUMMARY_MAX));
            }
            if (heartbeatTable != null && !heartbeatTable.isBlank()
                    && !HEARTBEAT_TABLE.matcher(heartbeatTable.strip()).matches()) {
                problems.add("heartbeatTable = " + quote(heartbeatTable)
                        + ": must be schema.table, each of letters, digits, _ and $ or in backticks (or empty for off)");
            }
            if (!problems.isEmpty()) {
                String count = problems.size() == 1 ? "" : " (" + problems.size() + " problems)";
                throw new IllegalArgumentException("invalid replica monitor settings" + count + ": "
                        + String.join("; ", problems));
            }
            return new MonitorSettings(this);
        }

        private static void checkRange(List<String> problems, String name, Duration value, Duration min,
                                       Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problems.add(name + " = " + format(value) + ": must be between " + format(min) + " and "
                        + format(max));
            }
        }

        private static String quote(String text) {
            if (text == null) {
                return "null";
            }
            return "\"" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "\"";
        }
    }
}
