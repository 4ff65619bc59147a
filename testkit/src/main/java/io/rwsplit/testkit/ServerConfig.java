package io.rwsplit.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server options, grouped by purpose, rendered either as a my.cnf (LOCAL backend) or as command-line arguments
 * (CONTAINER backend). A {@code null} value is a flag without value. Pure: no I/O.
 */
final class ServerConfig {

    /** What a server is for. */
    enum Role { TEMPLATE, PRIMARY, REPLICA }

    static final String LOOPBACK = "127.0.0.1";
    static final String BUFFER_POOL = "32M";

    private ServerConfig() {
    }

    /** Options that shape the files on disk: the template datadir and every node copied from it must share them. */
    static Map<String, String> storage(Flavor flavor, ServerVersion version) {
        if (flavor == Flavor.MARIADB) {
            return mariaDbStorage();
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (version.atLeast(8, 0, 30)) {
            options.put("innodb_redo_log_capacity", "16M");
        } else {
            options.put("innodb_log_file_size", "8M");
        }
        return options;
    }

    /**
     * MariaDB's options that shape the files on disk, the same for every supported version. The CONTAINER backend
     * passes them too: the official images initialise their datadir with the server's arguments, and the local image
     * of {@code scripts/docker-engine.sh} has a datadir made with these same values.
     */
    static Map<String, String> mariaDbStorage() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("innodb_data_file_path", "ibdata1:10M:autoextend");
        options.put("innodb_log_file_size", "16M");
        return options;
    }

    /** Options that make a throw-away test server start, stop and write fast. */
    static Map<String, String> speed(Flavor flavor) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("innodb_buffer_pool_size", BUFFER_POOL);
        if (flavor == Flavor.MARIADB) {
            // Without it 10.11 reserves terabytes of address space for resizing: SIGKILL then takes seconds.
            options.put("loose-innodb_buffer_pool_size_max", BUFFER_POOL);
        } else {
            options.put("mysqlx", "OFF");
        }
        options.put("innodb_flush_log_at_trx_commit", "2");
        options.put("sync_binlog", "0");
        options.put("performance_schema", "OFF");
        options.put("skip-name-resolve", null);
        return options;
    }

    /** Options for building the template datadir only: no binary log, so copies start with an empty one. */
    static Map<String, String> template() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("skip-log-bin", null);
        return options;
    }

    /** Where a node keeps its files. */
    static Map<String, String> files(Flavor flavor, Path nodeDirectory, Path dataDirectory) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("datadir", dataDirectory.toString());
        options.put("socket", nodeDirectory.resolve("mysqld.sock").toString());
        options.put("pid-file", nodeDirectory.resolve("mysqld.pid").toString());
        options.put("tmpdir", nodeDirectory.resolve("tmp").toString());
        if (flavor == Flavor.MYSQL) {
            options.put("secure_file_priv", nodeDirectory.resolve("tmp").toString());
        }
        return options;
    }

    /** Listening on 127.0.0.1 only, on the given port. */
    static Map<String, String> network(int port) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("port", Integer.toString(port));
        options.put("bind-address", LOOPBACK);
        return options;
    }

    /** Binary log, GTIDs, server id, read_only for replicas, and the optional general log. */
    static Map<String, String> replication(Flavor flavor, Role role, int serverId, int port, boolean generalLog) {
        if (role == Role.TEMPLATE) {
            throw new IllegalArgumentException("a template has no replication options");
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("server_id", Integer.toString(serverId));
        options.put("log_bin", "binlog");
        options.put("relay_log", "relay-bin");
        if (flavor == Flavor.MYSQL) {
            options.put("gtid_mode", "ON");
            options.put("enforce_gtid_consistency", "ON");
        }
        if (flavor == Flavor.MARIADB) {
            // Any replica may become the primary: its binary log must hold what it replicated, for the others to
            // replicate from it by GTID (MySQL 8 logs replicated transactions by default).
            options.put("log_slave_updates", "ON");
        }
        options.put("report_host", LOOPBACK);
        options.put("report_port", Integer.toString(port));
        if (role == Role.REPLICA) {
            options.put("read_only", "ON");
        }
        if (generalLog) {
            options.put("general_log", "ON");
            options.put("log_output", "TABLE");
        }
        return options;
    }

    /**
     * Semi-synchronous replication, lossless (a commit is acknowledged once a replica has it in its relay log): the
     * replica side on every node, the primary side on the primary only, as a replica's own commits must not wait.
     */
    static Map<String, String> semiSync(Flavor flavor, Role role) {
        Map<String, String> options = new LinkedHashMap<>();
        if (flavor == Flavor.MARIADB) {
            options.put("rpl_semi_sync_slave_enabled", "ON");
            if (role == Role.REPLICA) {
                options.putAll(semiSyncRecoveryAsReplica(flavor));
            }
            if (role == Role.PRIMARY) {
                options.put("rpl_semi_sync_master_enabled", "ON");
                options.put("rpl_semi_sync_master_wait_point", "AFTER_SYNC");
                options.put("rpl_semi_sync_master_timeout", "10000");
                // With no replica connected yet (set-up, a rejoin) a commit must not wait for the timeout.
                options.put("rpl_semi_sync_master_wait_no_slave", "OFF");
            }
        } else {
            options.put("plugin-load-add", "semisync_source.so;semisync_replica.so");
            options.put("loose-rpl_semi_sync_replica_enabled", "ON");
            if (role == Role.PRIMARY) {
                options.put("loose-rpl_semi_sync_source_enabled", "ON");
                options.put("loose-rpl_semi_sync_source_wait_point", "AFTER_SYNC");
                options.put("loose-rpl_semi_sync_source_timeout", "10000");
                options.put("loose-rpl_semi_sync_source_wait_no_replica", "OFF");
            }
        }
        return options;
    }

    /**
     * MariaDB: a primary killed in a failover restarts as a replica, and its crash recovery then rolls back, and cuts
     * from its binlog, the commits no replica acknowledged, which would otherwise clash with the new primary's (a
     * duplicate key that stops replication once it rejoins). Only read at start-up.
     */
    static Map<String, String> semiSyncRecoveryAsReplica(Flavor flavor) {
        return flavor == Flavor.MARIADB ? Map.of("init_rpl_role", "SLAVE") : Map.of();
    }

    /** All options of one node of the LOCAL backend. */
    @SafeVarargs
    static Map<String, String> merge(Map<String, String>... groups) {
        Map<String, String> options = new LinkedHashMap<>();
        for (Map<String, String> group : groups) {
            options.putAll(group);
        }
        return options;
    }

    /** A my.cnf with one server section: {@code [mariadbd]} or {@code [mysqld]}. */
    static String myCnf(Flavor flavor, Map<String, String> options) {
        StringBuilder text = new StringBuilder(flavor == Flavor.MARIADB ? "[mariadbd]\n" : "[mysqld]\n");
        options.forEach((key, value) -> text.append(key).append(value == null ? "" : "=" + value).append('\n'));
        return text.toString();
    }

    /** The options as {@code --key=value} arguments. */
    static List<String> arguments(Map<String, String> options) {
        List<String> arguments = new ArrayList<>();
        options.forEach((key, value) -> arguments.add("--" + key + (value == null ? "" : "=" + value)));
        return arguments;
    }
}
