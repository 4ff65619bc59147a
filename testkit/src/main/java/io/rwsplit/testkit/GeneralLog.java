package io.rwsplit.testkit;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads a server's general query log, kept in {@code mysql.general_log} (log_output=TABLE). */
final class GeneralLog {

    /**
     * Client statements only: the entries a replica's replication threads write for what they apply have no
     * account in {@code user_host} ({@code "[<replication_slave>] @ []"} in MariaDB, {@code "[SQL_SLAVE] @ []"} in
     * MySQL), while client entries start with the account ({@code "app[app] @  [127.0.0.1]"}). Text-protocol
     * statements are logged as Query, server-side prepared ones as Execute with their parameters filled in.
     */
    private static final String COUNT = "SELECT COUNT(*) FROM mysql.general_log"
            + " WHERE command_type IN ('Query', 'Execute') AND user_host NOT LIKE '[%' AND LOCATE(?, argument) > 0";

    private GeneralLog() {
    }

    /** How many client statements containing the marker the server has logged, not counting this query. */
    static long count(Connection root, String marker) throws SQLException {
        // Keeps this session's statements (which contain the marker) out of the log.
        Sql.execute(root, "SET SESSION sql_log_off = ON");
        return Long.parseLong(Sql.queryString(root, COUNT, marker));
    }
}
