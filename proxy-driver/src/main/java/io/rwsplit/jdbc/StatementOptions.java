package io.rwsplit.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The options the app set on a logical statement. Physical statements made later get the same ones; options never
 * set keep the driver's defaults and cost no call.
 */
final class StatementOptions {

    int maxFieldSize;
    long maxRows;
    Boolean escapeProcessing;
    int queryTimeout;
    String cursorName;
    int fetchDirection = ResultSet.FETCH_FORWARD;
    int fetchSize;
    boolean poolable;
    boolean poolableSet;
    boolean closeOnCompletion;

    void maxFieldSize(int max) throws SQLException {
        if (max < 0) {
            throw new SQLException("setMaxFieldSize: must be >= 0, was " + max, "S1009");
        }
        maxFieldSize = max;
    }

    void maxRows(long max) throws SQLException {
        if (max < 0) {
            throw new SQLException("setMaxRows: must be >= 0, was " + max, "S1009");
        }
        maxRows = max;
    }

    void queryTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw new SQLException("setQueryTimeout: must be >= 0, was " + seconds, "S1009");
        }
        queryTimeout = seconds;
    }

    void fetchDirection(int direction) throws SQLException {
        if (direction != ResultSet.FETCH_FORWARD && direction != ResultSet.FETCH_REVERSE
                && direction != ResultSet.FETCH_UNKNOWN) {
            throw new SQLException("setFetchDirection: must be ResultSet.FETCH_FORWARD (1000), FETCH_REVERSE (1001)"
                    + " or FETCH_UNKNOWN (1002), was " + direction, "S1009");
        }
        fetchDirection = direction;
    }

    void fetchSize(int rows) throws SQLException {
        // Connector/J streams rows with Integer.MIN_VALUE; anything else negative is an error.
        if (rows < 0 && rows != Integer.MIN_VALUE) {
            throw new SQLException("setFetchSize: must be >= 0 or Integer.MIN_VALUE, was " + rows, "S1009");
        }
        fetchSize = rows;
    }

    void applyTo(Statement statement) throws SQLException {
        if (maxFieldSize != 0) {
            statement.setMaxFieldSize(maxFieldSize);
        }
        if (maxRows != 0) {
            statement.setLargeMaxRows(maxRows);
        }
        if (escapeProcessing != null) {
            statement.setEscapeProcessing(escapeProcessing);
        }
        if (queryTimeout != 0) {
            statement.setQueryTimeout(queryTimeout);
        }
        if (cursorName != null) {
            statement.setCursorName(cursorName);
        }
        if (fetchDirection != ResultSet.FETCH_FORWARD) {
            statement.setFetchDirection(fetchDirection);
        }
        if (fetchSize != 0) {
            statement.setFetchSize(fetchSize);
        }
        if (poolableSet) {
            statement.setPoolable(poolable);
        }
        if (closeOnCompletion) {
            statement.closeOnCompletion();
        }
    }
}
