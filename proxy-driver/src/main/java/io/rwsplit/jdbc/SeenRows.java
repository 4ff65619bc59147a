package io.rwsplit.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** What the app saw of one result set of a journaled transaction, to hold a replay's result against. */
interface SeenRows {

    /**
     * Reads a replayed result as far as the app read the original, and says how it differs, or null when it does not.
     */
    String compareWith(ResultSet replayed) throws SQLException;

    /** The replay ended before the rows the app had read. */
    static String fewerRows(long returned, long read) {
        return "it returned " + returned + " row(s) where the app had read " + read;
    }

    /** A value of the rows the app had read came back different. */
    static String valueDiffered(long read) {
        return "a value differed among the first " + read + " row(s) the app had read";
    }

    /** The app had read to the end, and the replay went on. */
    static String moreRows(long read) {
        return "it returned more than the " + read + " row(s) the app had read to the end";
    }
}
