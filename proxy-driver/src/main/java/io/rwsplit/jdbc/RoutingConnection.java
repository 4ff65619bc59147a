package io.rwsplit.jdbc;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.consistency.CausalSession;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicationPosition;
import io.rwsplit.routing.Route;
import io.rwsplit.routing.Target;
import io.rwsplit.sql.Classification;
import io.rwsplit.sql.SqlClassifier;
import io.rwsplit.sql.StatementKind;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical connection: what the app holds. Each statement runs where the router sends it, given this connection's
 * {@link RoutingState}, on one of its {@link HeldConnections} (at most one per backend, each brought into the
 * {@link SessionSettings} the app set), so that whichever backend runs a statement, it sees the same session.
 */
public final class RoutingConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingConnection.class);

    private final Cluster cluster;
    private final SessionSettings settings = new SessionSettings();
    private final RoutingState state = new RoutingState();
    private final OpenStatements statements = new OpenStatements();
    private final HeldConnections held;
    private final CausalSession causal;
    private volatile boolean closed;

    public RoutingConnection(Cluster cluster) {
        this.cluster = cluster;
        this.held = new HeldConnections(cluster, settings, state, statements);
        this.causal = cluster.causalReads().newSession();
    }

    // ---- routing -------------------------------------------------------------------------------------------

    /** Decides where one statement runs, updates the session's transaction state, and returns that connection. */
    PhysicalConnection route(String sql, Classification statement) throws SQLException {
        checkOpen();
        ReplicaSnapshot snapshot = cluster.snapshot();
        Route route = cluster.router().route(sql, statement, state, !snapshot.serving().isEmpty());
        if (cluster.dryRun()) {
            return dryRun(route, statement, sql, snapshot);
        }
        if (route.target() == Target.NONE) {
            cluster.statistics().recordRefused(route);
            throw refusal(route, sql);
        }
        held.checkTransactionAlive(route);
        PhysicalConnection target;
        if (route.target() == Target.REPLICA && causal.active()) {
            target = causalReplica(snapshot);
            if (target == null) {
                causal.readOnPrimary();
                target = held.primary();
                route = Route.PRIMARY_READ_YOUR_WRITES;
            }
        } else {
            target = held.forTarget(route.target(), snapshot);
        }
        if (route.target() == Target.REPLICA && target.backend.isPrimary()) {
            route = Route.PRIMARY_FALLBACK;
        }
        state.track(route, statement, sql, target);
        held.used(target);
        cluster.statistics().record(route, target.backend.endpoint());
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} - {} -> {} ({}): {}", cluster.name(), statement.kind(), target, route.reason(),
                    abbreviate(sql));
        }
        return target;
    }

    /** Dry run: count the decision, then run the statement on the primary as if rwsplit were not there. */
    private PhysicalConnection dryRun(Route wouldBe, Classification statement, String sql, ReplicaSnapshot snapshot)
            throws SQLException {
        PhysicalConnection primary = held.forTarget(Target.PRIMARY, snapshot);
        state.track(wouldBe, statement, sql, primary);
        held.used(primary);
        cluster.statistics().record(wouldBe, primary.backend.endpoint());
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} - dry run: {} would go to {} ({}): {}", cluster.name(), statement.kind(), wouldBe.target(),
                    wouldBe.reason(), abbreviate(sql));
        }
        return primary;
    }

    /**
     * A replica for a read that must see earlier writes (see {@link CausalSession}): the balancer's pick among the
     * replicas known to have applied them or prompt enough to wait on, once a wait confirms it if need be; null when
     * the read must go to the primary.
     */
    private PhysicalConnection causalReplica(ReplicaSnapshot snapshot) throws SQLException {
        if (causal.needsPrimary()) {
            return null;
        }
        ReplicationPosition needed = causal.needed();
        if (needed == null) {
            return held.forTarget(Target.REPLICA, snapshot);
        }
        PhysicalConnection replica = held.replica(snapshot, causal.candidates(snapshot, needed));
        Endpoint endpoint = replica.backend.endpoint();
        if (replica.backend.isPrimary() || causal.covers(snapshot, endpoint, needed)) {
            return replica;
        }
        try {
            if (causal.await(replica.connection, endpoint, needed)) {
                return replica;
            }
        } catch (SQLException e) {
            if (held.mayRetryElsewhere(replica, e)) {
                held.replicaFailed(replica, e);
            } else {
                causal.waitFailed(endpoint, e);
            }
        }
        return null;
    }

    /**
     * Called after a statement ran on {@code target}: on the primary, records the write it may have committed, so
     * that later reads see it.
     *
     * @param sql the statement, or null for a JDBC call
     */
    void executed(PhysicalConnection target, StatementKind kind, String sql) throws SQLException {
        if (target != null && target.backend.isPrimary() && causal.active() && !cluster.dryRun()) {
            causal.ranOnPrimary(target.connection, target.tracksGtids, committing(kind, sql), false);
        }
    }

    /**
     * A statement failed on {@code target} and goes to the app: records what a batch or a multi-statement may have
     * committed before it failed, then lets a broken connection go (see {@link HeldConnections#failed}).
     */
    void failed(PhysicalConnection target, StatementKind kind, String sql, SQLException failure) {
        if (target != null && target.backend.isPrimary() && causal.active() && !cluster.dryRun()) {
            try {
                causal.ranOnPrimary(target.connection, target.tracksGtids, committing(kind, sql), true);
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
        held.failed(target, failure);
    }

    /** {@code SET autocommit=1} commits an open transaction. */
    private static StatementKind committing(StatementKind kind, String sql) {
        return kind == StatementKind.SESSION_SET && sql != null
                && Boolean.TRUE.equals(SqlClassifier.autoCommitValue(sql)) ? StatementKind.COMMIT : kind;
    }

    /** Called after a session statement ran on {@code ranOn}: runs it on every other held backend and records it. */
    void sessionCommandExecuted(String sql, Parameters parameters, PhysicalConnection ranOn) throws SQLException {
        SessionCommand command = new SessionCommand(sql, parameters == null ? null : parameters.copy());
        held.broadcast(command, ranOn);
        settings.record(command);
        Boolean autoCommit = SqlClassifier.autoCommitValue(sql);
        if (autoCommit != null) {
            state.autoCommitSetBySql(autoCommit);
        }
    }

    /** Whether a statement that failed on {@code target} may run again elsewhere (see {@link HeldConnections}). */
    boolean mayRetryElsewhere(PhysicalConnection target, SQLException failure) {
        return held.mayRetryElsewhere(target, failure);
    }


    /** A replica's connection broke: let it go, and take the replica out of the read pool at once. */
    void replicaFailed(PhysicalConnection target, SQLException failure) {
        held.replicaFailed(target, failure);
    }

    PhysicalConnection primary() throws SQLException {
        return held.primary();
    }

    private SQLException refusal(Route route, String sql) {
        if (route == Route.REFUSED_READ_ONLY) {
            return new SQLException("rwsplit: the connection is read-only, so this write was not sent: "
                    + abbreviate(sql), "25006");
        }
        return new SQLNonTransientConnectionException(
                "rwsplit: no replica serves reads and rwsplit.noReplica=fail: " + abbreviate(sql), "08001");
    }

    // ---- public extras -------------------------------------------------------------------------------------

    /** Sends every statement to the primary until the returned block is closed. Blocks nest. */
    public PrimaryBlock forcePrimary() {
        state.beginForcedPrimary();
        return new PrimaryBlock(this);
    }

    void endForcedPrimary() {
        state.endForcedPrimary();
    }

    /** The backend the last statement ran on, or null before the first. */
    public Endpoint lastBackend() {
        PhysicalConnection last = held.lastUsed();
        return last == null ? null : last.backend.endpoint();
    }

    public Cluster cluster() {
        return cluster;
    }

    // ---- statements ----------------------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, 0);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        return statements.register(new RoutingStatement(this, new StatementShape(resultSetType, resultSetConcurrency,
                resultSetHoldability)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, StatementShape.DEFAULT);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepare(sql, new StatementShape(resultSetType, resultSetConcurrency, 0));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return prepare(sql, new StatementShape(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, StatementShape.generatedKeys(autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, StatementShape.keyColumns(columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, StatementShape.keyColumns(columnNames));
    }

    private PreparedStatement prepare(String sql, StatementShape shape) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw new SQLException("prepareStatement: sql is null", "S1009");
        }
        return statements.register(new RoutingPreparedStatement(this, shape, sql, cluster.classifier().classify(sql)));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareCall(sql, resultSetType, resultSetConcurrency, ResultSet.HOLD_CURSORS_OVER_COMMIT);
    }

    /** Stored procedures may write, so they always run on the primary. */
    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        checkOpen();
        PhysicalConnection target = route(sql, Classification.of(StatementKind.CALL));
        CallableStatement callable = target.connection.prepareCall(sql, resultSetType, resultSetConcurrency,
                resultSetHoldability);
        PassThrough.AfterExecute ran = failure -> {
            if (failure == null) {
                executed(target, StatementKind.CALL, sql);
            } else {
                failed(target, StatementKind.CALL, sql, failure);
            }
        };
        return statements.register(PassThrough.wrapCallable(callable, this, ran));
    }

    void forget(RoutingStatement statement) {
        statements.forget(statement);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return current().connection.nativeSQL(sql);
    }

    // ---- transactions --------------------------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (state.autoCommit() == autoCommit) {
            return;
        }
        // Now on the transaction's connection (switching autocommit on commits it); the others take the mode
        // before their next statement (HeldConnections#ready).
        PhysicalConnection transaction = state.transactionConnection();
        if (transaction != null) {
            try {
                transaction.connection.setAutoCommit(autoCommit);
            } catch (SQLException failure) {
                failed(transaction, StatementKind.COMMIT, null, failure);
                throw failure;
            }
        }
        state.autoCommit(autoCommit);
        state.endTransaction();
        if (autoCommit) {
            // Switching autocommit on commits the open transaction.
            executed(transaction, StatementKind.COMMIT, null);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return state.autoCommit();
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        PhysicalConnection transaction = state.transactionConnection();
        try {
            state.endTransactionWith("COMMIT", true);
        } catch (SQLException failure) {
            failed(transaction, StatementKind.COMMIT, null, failure);
            throw failure;
        }
        executed(transaction, StatementKind.COMMIT, null);
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        state.endTransactionWith("ROLLBACK", false);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return transactionFor("SAVEPOINT").connection.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return transactionFor("SAVEPOINT").connection.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        transactionFor("ROLLBACK TO SAVEPOINT").connection.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        transactionFor("RELEASE SAVEPOINT").connection.releaseSavepoint(savepoint);
    }

    private PhysicalConnection transactionFor(String what) throws SQLException {
        return route(what, Classification.of(StatementKind.TRANSACTION_CONTROL));
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        // Kept here, not sent to the servers: it decides routing, and replicas are read-only anyway.
        state.readOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return state.readOnly();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        // Checked here: a level kept for later would fail every connection this one opens from now on.
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw new SQLException("setTransactionIsolation: unsupported level " + level
                    + " (use a Connection.TRANSACTION_* constant other than TRANSACTION_NONE)", "S1009");
        }
        held.forEach(c -> c.setTransactionIsolation(level));
        settings.isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return settings.isolation != null ? settings.isolation : current().connection.getTransactionIsolation();
    }

    // ---- session settings: made on every held connection, and on every one opened later ----------------------

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        held.forEach(c -> c.setCatalog(catalog));
        settings.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return settings.catalog != null ? settings.catalog : cluster.database();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        // With databaseTerm=SCHEMA Connector/J switches databases here (and ignores setCatalog); else a no-op.
        held.forEach(c -> c.setSchema(schema));
        settings.schema = schema;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return current().connection.getSchema();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        held.forEach(c -> c.setHoldability(holdability));
        settings.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return settings.holdability != null ? settings.holdability : current().connection.getHoldability();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("setNetworkTimeout: milliseconds must be >= 0, was " + milliseconds, "S1009");
        }
        held.forEach(c -> c.setNetworkTimeout(executor, milliseconds));
        settings.networkTimeoutExecutor = executor;
        settings.networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return settings.networkTimeoutMillis != null ? settings.networkTimeoutMillis
                : current().connection.getNetworkTimeout();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return settings.typeMap != null ? settings.typeMap : current().connection.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        held.forEach(c -> c.setTypeMap(map));
        settings.typeMap = map;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        settings.clientInfo(name, value);
        held.forEach(c -> c.setClientInfo(name, value));
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        settings.clientInfo(properties);
        held.forEach(c -> c.setClientInfo(properties));
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return settings.clientInfo().getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        return settings.clientInfo();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        PhysicalConnection last = held.lastUsed();
        return last == null ? null : last.connection.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        held.forEach(Connection::clearWarnings);
    }

    // ---- objects made by the server connection ---------------------------------------------------------------

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return PassThrough.wrap(DatabaseMetaData.class, held.primary().connection.getMetaData(), this, null);
    }

    @Override
    public Clob createClob() throws SQLException {
        return current().connection.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return current().connection.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return current().connection.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return current().connection.createSQLXML();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return current().connection.createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return current().connection.createStruct(typeName, attributes);
    }

    /** Some Connector/J connection, for calls that Connector/J answers locally (quoting, LOB factories). */
    Connection anyPhysical() throws SQLException {
        return current().connection;
    }

    /** The connection of the last statement, or the primary: for calls that need some server connection. */
    private PhysicalConnection current() throws SQLException {
        checkOpen();
        return held.current();
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("isValid: timeout must be >= 0, was " + timeout, "S1009");
        }
        if (closed) {
            return false;
        }
        return held.allValid(timeout);
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        statements.closeAll();
        held.releaseAll();
        state.endTransaction();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort: executor is null", "S1009");
        }
        if (closed) {
            return;
        }
        closed = true;
        held.abortAll(executor);
        statements.clear();
        state.endTransaction();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return current().connection.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || current().connection.isWrapperFor(iface);
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("No operations allowed after connection closed.",
                    "08003");
        }
    }

    static String abbreviate(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }
}
