package io.rwsplit.consistency;

import io.rwsplit.monitor.ReplicationPosition;

/** The GTID dialect of a cluster's servers: how positions are written, merged and waited for. */
enum Flavor {
    MARIADB("SELECT MASTER_GTID_WAIT(?, ?)"),
    MYSQL("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");

    private final String waitSql;

    Flavor(String waitSql) {
        this.waitSql = waitSql;
    }

    /** Tells the dialect from the server version string ("5.5.5-10.11.19-MariaDB" on MariaDB). */
    static Flavor ofServerVersion(String version) {
        return version != null && version.contains("MariaDB") ? MARIADB : MYSQL;
    }

    String waitSql() {
        return waitSql;
    }

    /** Whether a wait's result means the position was reached: 0 on both servers (-1 / 1 on timeout). */
    static boolean reached(long result) {
        return result == 0;
    }

    ReplicationPosition parse(String text) {
        return this == MARIADB ? ReplicationPosition.parseMariaDbGtid(text)
                : ReplicationPosition.parseMySqlGtidSet(text);
    }

    /**
     * Both positions in one: per domain the higher sequence (MariaDB), the union (MySQL). Either may be null.
     * Parsing the joined texts does it, since both parsers merge repeated domains and sources.
     */
    ReplicationPosition merge(ReplicationPosition a, ReplicationPosition b) {
        if (a == null || a.isEmpty()) {
            return b;
        }
        if (b == null || b.isEmpty() || a.covers(b)) {
            return a;
        }
        if (b.covers(a)) {
            return b;
        }
        return parse(a + "," + b);
    }
}
