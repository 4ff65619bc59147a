package io.rwsplit.jdbc;

import io.rwsplit.sql.Classification;
import io.rwsplit.sql.StatementKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A logical statement. It binds to a backend only when it runs, because one statement object may run a read and
 * then a write; each backend it runs on gets its own physical statement, set up with the same options.
 */
class RoutingStatement implements Statement {

    /** One call on a physical statement. */
    @FunctionalInterface
    interface Call<T> {
        T on(Statement statement) throws SQLException;
    }

    /** One option set on a physical statement. */
    @FunctionalInterface
    interface Option {
        void applyTo(Statement statement) throws SQLException;
    }

    final RoutingConnection connection;
    final StatementShape shape;
    private final Map<PhysicalConnection, Statement> physical = new IdentityHashMap<>(4);
    private final List<String> batch = new ArrayList<>();
    private final StatementOptions options = new StatementOptions();

    /** The physical statement of the last execution: results, update counts and warnings come from it. */
    Statement current;
    private PhysicalConnection currentOn;
    private ResultSet rawResults;
    private ResultSet wrappedResults;
    private boolean closed;

    RoutingStatement(RoutingConnection connection, StatementShape shape) {
        this.connection = connection;
        this.shape = shape;
    }

    // ---- execution -----------------------------------------------------------------------------------------

    private <T> T run(String sql, Call<T> call) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw new SQLException("sql is null", "S1009");
        }
        return execute(sql, connection.cluster().classifier().classify(sql), null, call);
    }

    /**
     * Runs a statement where the router sends it, and records a session statement for the connection's other
     * backends. A replica read in autocommit mode whose connection broke before it ran runs again elsewhere: the
     * failed replica leaves the read pool at once, so each retry goes to another one, and the last to the primary.
     *
     * @param parameters a prepared statement's parameters, set on the physical statement before it runs; or null
     */
    final <T> T execute(String sql, Classification statement, Parameters parameters, Call<T> call)
            throws SQLException {
        int retriesLeft = connection.cluster().replicas().size();
        PhysicalConnection target = connection.route(sql, statement);
        T result;
        while (true) {
            try {
                result = call.on(bind(target, parameters));
                break;
            } catch (SQLException failure) {
                forgetIfBroken(target, failure);
                if (retriesLeft-- == 0 || !connection.mayRetryElsewhere(target, failure)) {
                    connection.failed(target, statement.kind(), sql, failure);
                    throw failure;
                }
                connection.replicaFailed(target, failure);
                target = connection.route(sql, statement);
            }
        }
        connection.executed(target, statement.kind(), sql);
        if (statement.kind() == StatementKind.SESSION_SET) {
            connection.sessionCommandExecuted(sql, parameters, target);
        }
        return result;
    }

    private void forgetIfBroken(PhysicalConnection target, SQLException failure) {
        if (HeldConnections.isBroken(target, failure)) {
            forget(target);
        }
    }

    private Statement bind(PhysicalConnection target, Parameters parameters) throws SQLException {
        Statement statement = statementOn(target);
        if (parameters != null) {
            parameters.applyTo((PreparedStatement) statement);
        }
        return statement;
    }

    /** The physical statement of this logical one on {@code target}, made on first use. */
    final Statement statementOn(PhysicalConnection target) throws SQLException {
        Statement statement = physical.get(target);
        if (statement == null || statement.isClosed()) {
            statement = create(target.connection);
            options.applyTo(statement);
            physical.put(target, statement);
        }
        becomeCurrent(target, statement);
        return statement;
    }

    void becomeCurrent(PhysicalConnection target, Statement statement) {
        current = statement;
        currentOn = target;
        rawResults = null;
        wrappedResults = null;
    }

    /** Drops the physical statement on a connection that broke. */
    final void forget(PhysicalConnection target) {
        physical.remove(target);
        if (currentOn == target) {
            becomeCurrent(null, null);
        }
    }

    /** How the physical twin is made; prepared statements override this. */
    Statement create(Connection physicalConnection) throws SQLException {
        return shape.createOn(physicalConnection);
    }

    /** Whether this statement may still be reading results from {@code target}. */
    boolean isBusyOn(PhysicalConnection target) {
        return currentOn == target && rawResults != null;
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return results(run(sql, s -> s.executeQuery(sql)));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return run(sql, s -> s.executeUpdate(sql));
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return run(sql, s -> s.executeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return run(sql, s -> s.executeUpdate(sql, columnIndexes));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return run(sql, s -> s.executeUpdate(sql, columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return run(sql, s -> s.executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return run(sql, s -> s.executeLargeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return run(sql, s -> s.executeLargeUpdate(sql, columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return run(sql, s -> s.executeLargeUpdate(sql, columnNames));
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return run(sql, s -> s.execute(sql));
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return run(sql, s -> s.execute(sql, autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return run(sql, s -> s.execute(sql, columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return run(sql, s -> s.execute(sql, columnNames));
    }

    // ---- batches -------------------------------------------------------------------------------------------

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw new SQLException("addBatch: sql is null", "S1009");
        }
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return runBatch(Statement::executeBatch);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return runBatch(Statement::executeLargeBatch);
    }

    /** A batch runs as a whole on one backend: the primary, unless every statement in it is a read. */
    private <T> T runBatch(Call<T> call) throws SQLException {
        checkOpen();
        if (batch.isEmpty()) {
            return call.on(statementOn(connection.primary()));
        }
        Classification strongest = batchClassification();
        PhysicalConnection target = connection.route(batch.get(0), strongest);
        Statement onTarget = statementOn(target);
        try {
            for (String sql : batch) {
                onTarget.addBatch(sql);
            }
            T result = call.on(onTarget);
            connection.executed(target, strongest.kind(), null);
            return result;
        } catch (SQLException failure) {
            connection.failed(target, strongest.kind(), null, failure);
            throw failure;
        } finally {
            batch.clear();
        }
    }

    private Classification batchClassification() {
        boolean anyWrite = false;
        for (String sql : batch) {
            StatementKind kind = connection.cluster().classifier().classify(sql).kind();
            if (kind == StatementKind.WRITE || kind == StatementKind.DDL) {
                anyWrite = true;
            } else if (kind != StatementKind.READ) {
                return Classification.of(StatementKind.UNKNOWN);
            }
        }
        return Classification.of(anyWrite ? StatementKind.WRITE : StatementKind.UNKNOWN);
    }

    // ---- results -------------------------------------------------------------------------------------------

    /** The physical result set as the app sees it: its {@code getStatement()} answers this logical statement. */
    final ResultSet results(ResultSet raw) throws SQLException {
        if (raw == null) {
            return null;
        }
        if (raw != rawResults) {
            rawResults = raw;
            wrappedResults = OwnedResults.of(raw, connection, this);
        }
        return wrappedResults;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return current == null ? null : results(current.getResultSet());
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return current == null ? -1 : current.getUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return current == null ? -1 : current.getLargeUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        return current != null && current.getMoreResults();
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        return this.current != null && this.current.getMoreResults(current);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (current == null) {
            throw new SQLException("getGeneratedKeys: no statement has run yet", "S1009");
        }
        return OwnedResults.of(current.getGeneratedKeys(), connection, this);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return current == null ? null : current.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        for (Statement statement : physical.values()) {
            statement.clearWarnings();
        }
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        Statement running = current;
        if (running != null) {
            running.cancel();
        }
    }

    // ---- options: kept here, applied to every physical statement now and later -------------------------

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return options.maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        options.maxFieldSize(max);
        forEachPhysical(s -> s.setMaxFieldSize(max));
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return (int) Math.min(Integer.MAX_VALUE, options.maxRows);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return options.maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        options.maxRows(max);
        forEachPhysical(s -> s.setLargeMaxRows(max));
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        options.escapeProcessing = enable;
        forEachPhysical(s -> s.setEscapeProcessing(enable));
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return options.queryTimeout;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        options.queryTimeout(seconds);
        forEachPhysical(s -> s.setQueryTimeout(seconds));
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen();
        options.cursorName = name;
        forEachPhysical(s -> s.setCursorName(name));
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        options.fetchDirection(direction);
        forEachPhysical(s -> s.setFetchDirection(direction));
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return options.fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        options.fetchSize(rows);
        forEachPhysical(s -> s.setFetchSize(rows));
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return options.fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return shape.resultSetConcurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return shape.resultSetType();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return shape.resultSetHoldability() != 0 ? shape.resultSetHoldability() : connection.getHoldability();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        options.poolable = poolable;
        options.poolableSet = true;
        forEachPhysical(s -> s.setPoolable(poolable));
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return options.poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        options.closeOnCompletion = true;
        forEachPhysical(Statement::closeOnCompletion);
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return options.closeOnCompletion;
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        checkOpen();
        // Backticks, or double quotes under ANSI_QUOTES: Connector/J's session knows which; a statement costs no trip.
        try (Statement quoting = connection.anyPhysical().createStatement()) {
            return quoting.enquoteIdentifier(identifier, alwaysQuote);
        }
    }

    private void forEachPhysical(Option option) throws SQLException {
        for (Statement statement : physical.values()) {
            option.applyTo(statement);
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        connection.forget(this);
        SQLException first = null;
        for (Statement statement : physical.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        physical.clear();
        current = null;
        currentOn = null;
        rawResults = null;
        wrappedResults = null;
        if (first != null) {
            throw first;
        }
    }

    void closeQuietly() {
        try {
            close();
        } catch (SQLException ignored) {
            // The connection is closing anyway; its physical connections go back to the pools.
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        // Closing or aborting the connection closes its statements. With closeOnCompletion the physical statement
        // closes itself when its results are done.
        return closed || connection.isClosed()
                || (options.closeOnCompletion && current != null && current.isClosed());
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("No operations allowed after statement closed.", "S1009");
        }
        connection.checkOpen();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (current != null) {
            return current.unwrap(iface);
        }
        throw new SQLException("Not a wrapper for " + iface.getName() + " before the statement has run", "S1009");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || (current != null && current.isWrapperFor(iface));
    }
}
