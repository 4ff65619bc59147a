package io.rwsplit.testkit;

/** The kind of server a {@link ReplicationCluster} runs. */
public enum Flavor {
    /** MariaDB 10.6 or later: GTID replication with {@code MASTER_USE_GTID=slave_pos}. */
    MARIADB,
    /** MySQL 8.0.23 or later (8.4 included): GTID replication with {@code SOURCE_AUTO_POSITION=1}. */
    MYSQL;

    /** Tells the flavor from a version string such as {@code SELECT VERSION()} or {@code mysqld --version} prints. */
    static Flavor ofVersionString(String version) {
        return version.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
}
