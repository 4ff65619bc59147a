package io.rwsplit.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** What the app saw of one result set of a journaled transaction, to hold a replay's result against. */
interface SeenRows {

    /**
     * Reads a replayed result as far as the app read the original, and says how it differs, or null when it does not.
     */
    String compareWith(ResultSet replayed) throws SQLException;
}
