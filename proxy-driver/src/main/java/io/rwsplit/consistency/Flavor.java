package io.rwsplit.consistency;

import io.rwsplit.monitor.ReplicationPosition;
import java.math.BigDecimal;

/** The GTID dialect of a cluster's servers: how positions are written, learned, merged and waited for. */
enum Flavor {
    /** The session's last GTID is the system variable {@code last_gtid}, tracked like any other. */
    MARIADB("SET SESSION session_track_system_variables = "
            + "IF(FIND_IN_SET('last_gtid', @@session_track_system_variables) > 0, @@session_track_system_variables, "
            + "CONCAT_WS(',', NULLIF(@@session_track_system_variables, ''), 'last_gtid'))",
            "SELECT @@last_gtid", "SELECT MASTER_GTID_WAIT("),
    /**
     * OWN_GTID tracking; without it only the whole executed set can be asked for, which covers the write and may
     * make a read wait for other sessions' writes too.
     */
    MYSQL("SET SESSION session_track_gtids = OWN_GTID", "SELECT @@GLOBAL.gtid_executed",
            "SELECT WAIT_FOR_EXECUTED_GTID_SET(");

    private final String trackSql;
    private final String askSql;
    private final String waitCall;

    Flavor(String trackSql, String askSql, String waitCall) {
        this.trackSql = trackSql;
        this.askSql = askSql;
        this.waitCall = waitCall;
    }

    /** Tells the dialect from the server version string ("5.5.5-10.11.19-MariaDB" on MariaDB). */
    static Flavor ofServerVersion(String version) {
        return version != null && version.contains("MariaDB") ? MARIADB : MYSQL;
    }

    /** Makes the server send the GTID of each commit in the statement's OK packet. */
    String trackSql() {
        return trackSql;
    }

    /** Asks for a position covering the session's last commit, when it did not come tracked. */
    String askSql() {
        return askSql;
    }

    /**
     * Waits until the server has applied {@code position}, for at most {@code timeoutMillis}. A literal statement,
     * not a prepared one: Connector/J parses a client-side prepared statement on every prepare, which cost more
     * than running the wait did (profiled on the mix-4t load benchmark).
     */
    String waitSql(ReplicationPosition position, long timeoutMillis) {
        String seconds = BigDecimal.valueOf(timeoutMillis, 3).toPlainString();
        return waitCall + quoted(position.toString()) + ", " + seconds + ")";
    }

    /** A string literal; positions hold only digits, hex, '-', ':', ',' and tag letters, but quotes cost nothing. */
    static String quoted(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                literal.append('\\');
            }
            literal.append(c);
        }
        return literal.append('\'').toString();
    }

    /** Whether a wait's result means the position was reached: 0 on both servers (-1 / 1 on timeout). */
    static boolean reached(long result) {
        return result == 0;
    }

    /** The position in this dialect's syntax; null for a null or blank text (no GTID). */
    ReplicationPosition parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return this == MARIADB ? ReplicationPosition.parseMariaDbGtid(text)
                : ReplicationPosition.parseMySqlGtidSet(text);
    }

    /**
     * Both positions in one: per domain the higher sequence (MariaDB), the union (MySQL). Either may be null.
     * Parsing the joined texts does it, since both parsers merge repeated domains and sources.
     */
    ReplicationPosition merge(ReplicationPosition a, ReplicationPosition b) {
        if (a == null || a.isEmpty()) {
            return b == null || b.isEmpty() ? null : b;
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
