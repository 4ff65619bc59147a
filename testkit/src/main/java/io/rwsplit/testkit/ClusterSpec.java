package io.rwsplit.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a cluster is made of, validated once.
 *
 * @param name       cluster name, prefixed to log lines and used in temp directory names
 * @param replicas   number of replicas
 * @param schema     the application schema
 * @param generalLog whether every server writes its general query log to {@code mysql.general_log}
 * @param semiSync   whether replication is semi-synchronous (lossless), so a failover loses no acknowledged commit
 */
record ClusterSpec(String name, int replicas, String schema, boolean generalLog, boolean semiSync) {

    static final int MAX_REPLICAS = 16;
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    ClusterSpec {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name = \"" + name + "\": expected 1-40 characters of [A-Za-z0-9_.-]");
        }
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            problems.add("replicas = " + replicas + ": must be between 0 and " + MAX_REPLICAS);
        }
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            problems.add("schema = \"" + schema + "\": expected 1-64 characters of [A-Za-z0-9_]");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid ReplicationCluster settings: " + String.join("; ", problems));
        }
    }

    /** Asynchronous replication. */
    ClusterSpec(String name, int replicas, String schema, boolean generalLog) {
        this(name, replicas, schema, generalLog, false);
    }

    int nodeCount() {
        return replicas + 1;
    }

    /** {@code primary} for index 0, {@code replica<index>} after it. */
    static String nodeName(int index) {
        return index == 0 ? "primary" : "replica" + index;
    }

    /** The node's {@code server_id}: 1 for the primary, index + 1 for the replicas. */
    static int serverId(int index) {
        return index + 1;
    }

    /** "1+2": primary plus replica count. */
    String shape() {
        return "1+" + replicas;
    }
}
