package io.rwsplit.jdbc;

import io.rwsplit.cluster.Backend;
import io.rwsplit.cluster.Cluster;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.routing.Route;
import io.rwsplit.routing.SessionFacts;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical connection: what the app holds. It routes every statement to the primary or a replica, holds at most
 * one physical connection per backend (taken from that backend's pool when first needed), and keeps every one of
 * them in the session state the app set, so that whichever backend runs a statement, it sees the same session.
 */
public final class RoutingConnection implements Connection, SessionFacts {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingConnection.class);
    /** {@code @v := ...} or {@code INTO @v}: a SELECT that leaves a value in a user variable. */
    private static final Pattern ASSIGNS_USER_VARIABLE =
            Pattern.compile("@[`'\"\\w$.]+\\s*:=|\\binto\\s+@", Pattern.CASE_INSENSITIVE);
    /** A user variable ({@code @v}), not a system variable ({@code @@v}). */
    private static final Pattern READS_USER_VARIABLE = Pattern.compile("(?<!@)@(?!@)[`'\"\\w$]");

    private final Cluster cluster;
    private final List<PhysicalConnection> held = new ArrayList<>(3);
    private final Set<RoutingStatement> openStatements = new HashSet<>();
    private final Map<String, SessionCommand> sessionCommands = new LinkedHashMap<>();
    private final Set<String> temporaryTables = new HashSet<>();
    private final Properties clientInfo = new Properties();

    private boolean autoCommit = true;
    private boolean readOnly;
    private boolean explicitTransaction;
    private boolean explicitReadOnlyTransaction;
    private TransactionBackend transactionBackend = TransactionBackend.NONE;
    private PhysicalConnection transactionConnection;
    private int forcedPrimaryDepth;
    private boolean tablesLocked;
    private boolean variablesAssignedOnPrimary;
    private Integer isolation;
    private String catalog;
    private Integer holdability;
    private Integer networkTimeoutMillis;
    private Executor networkTimeoutExecutor;
    private Map<String, Class<?>> typeMap;
    private PhysicalConnection lastUsed;
    private ReplicaSnapshot lastSnapshot;
    private volatile boolean closed;

    public RoutingConnection(Cluster cluster) {
        this.cluster = cluster;
    }

    // ---- routing -------------------------------------------------------------------------------------------

    /** Decides where one statement runs, updates the session's transaction state, and returns that connection. */
    PhysicalConnection route(String sql, Classification statement) throws SQLException {
        checkOpen();
        ReplicaSnapshot snapshot = cluster.snapshot();
        Route route = cluster.router().route(sql, statement, this, !snapshot.serving().isEmpty());
        PhysicalConnection target;
        switch (route.target()) {
            case REPLICA:
                target = replica(snapshot);
                if (target.backend.isPrimary()) {
                    route = Route.PRIMARY_FALLBACK;
                }
                break;
            case TRANSACTION_BACKEND:
                target = transactionConnection != null ? transactionConnection : primary();
                break;
            case EVERY_BACKEND:
                target = held.isEmpty() ? primary() : preferPrimary();
                break;
            case NONE:
                cluster.statistics().recordRefused(route);
                throw refusal(route, sql);
            default:
                target = primary();
                break;
        }
        trackTransaction(route, statement, target);
        trackSession(statement, sql, target);
        lastUsed = target;
        cluster.statistics().record(route, target.backend.endpoint());
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} - {} -> {} ({}): {}", cluster.name(), statement.kind(), target, route.reason(),
                    abbreviate(sql));
        }
        return target;
    }

    private void trackTransaction(Route route, Classification statement, PhysicalConnection target) {
        StatementKind kind = statement.kind();
        if (route == Route.TRANSACTION_END) {
            endTransaction();
            return;
        }
        if (transactionBackend != TransactionBackend.NONE) {
            return;
        }
        boolean begins = kind == StatementKind.BEGIN || kind == StatementKind.BEGIN_READ_ONLY;
        if (begins && autoCommit) {
            explicitTransaction = true;
            explicitReadOnlyTransaction = kind == StatementKind.BEGIN_READ_ONLY;
        }
        if (begins || !autoCommit) {
            transactionBackend = target.backend.isPrimary() ? TransactionBackend.PRIMARY : TransactionBackend.REPLICA;
            transactionConnection = target;
        }
    }

    private void trackSession(Classification statement, String sql, PhysicalConnection target) {
        switch (statement.kind()) {
            case TEMPORARY_TABLE:
                if (statement.temporaryTable() != null) {
                    temporaryTables.add(statement.temporaryTable().toLowerCase(Locale.ROOT));
                }
                target.sessionChanged = true;
                break;
            case SESSION_PIN:
                tablesLocked = !startsWithIgnoringComments(sql, "unlock");
                target.sessionChanged = true;
                break;
            case SESSION_READ:
                // A named lock lives as long as the session: the pool must not hand that session to someone else.
                if (containsIgnoreCase(sql, "get_lock")) {
                    target.sessionChanged = true;
                }
                if (ASSIGNS_USER_VARIABLE.matcher(sql).find()) {
                    variablesAssignedOnPrimary = true;
                    target.sessionChanged = true;
                }
                break;
            default:
                break;
        }
    }

    /** Called after a session statement ran on {@code ranOn}: runs it on every other held backend and records it. */
    void sessionCommandExecuted(String sql, Parameters parameters, PhysicalConnection ranOn) throws SQLException {
        SessionCommand command = new SessionCommand(sql, parameters == null ? null : parameters.copy());
        ranOn.sessionChanged = true;
        for (PhysicalConnection other : held) {
            if (other != ranOn) {
                command.applyTo(other.connection);
                other.sessionChanged = true;
            }
        }
        sessionCommands.remove(sql);
        sessionCommands.put(sql, command);
        Boolean newAutoCommit = SqlClassifier.autoCommitValue(sql);
        if (newAutoCommit != null && newAutoCommit != autoCommit) {
            autoCommit = newAutoCommit;
            if (autoCommit) {
                endTransaction();
            }
        }
    }

    /**
     * Whether a statement that failed on {@code target} may run again elsewhere: a replica read outside any
     * transaction, so nothing the app saw or changed depends on that server.
     */
    boolean mayRetryElsewhere(PhysicalConnection target, SQLException failure) {
        return !target.backend.isPrimary() && target != transactionConnection && isConnectionFailure(failure);
    }

    /** A replica's connection broke: let it go, and take the replica out of the read pool at once. */
    void replicaFailed(PhysicalConnection target, SQLException failure) {
        held.remove(target);
        if (lastUsed == target) {
            lastUsed = null;
        }
        try {
            target.connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("{} - aborting the connection to {} failed: {}", cluster.name(), target, e.toString());
        }
        target.backend.evict(target.connection);
        cluster.monitor().reportFailure(target.backend.endpoint(), failure);
        LOG.info("{} - read on {} failed ({}); retrying it elsewhere", cluster.name(), target, failure.getMessage());
    }

    /** Connection-level failures (SQLState class 08, or a socket timeout) as opposed to errors in the statement. */
    static boolean isConnectionFailure(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private PhysicalConnection replica(ReplicaSnapshot snapshot) throws SQLException {
        releaseReplicasNoLongerServing(snapshot);
        ReplicaSnapshot current = snapshot;
        for (int attempt = 0; attempt < 2; attempt++) {
            Endpoint endpoint = cluster.balancer().pick(current);
            if (endpoint == null) {
                break;
            }
            PhysicalConnection existing = find(endpoint);
            if (existing != null) {
                return existing;
            }
            try {
                return acquire(cluster.backend(endpoint));
            } catch (SQLException e) {
                // The replica cannot give us a connection: take it out now rather than at the next poll.
                cluster.monitor().reportFailure(endpoint, e);
                current = cluster.snapshot();
            }
        }
        if (cluster.failsWithoutReplica()) {
            throw new SQLNonTransientConnectionException(
                    "rwsplit: no replica can serve this read and rwsplit.noReplica=fail", "08001");
        }
        return primary();
    }

    /** A replica the monitor took out of the read pool is let go, so the next read goes elsewhere. */
    private void releaseReplicasNoLongerServing(ReplicaSnapshot snapshot) {
        if (snapshot == lastSnapshot) {
            return;
        }
        lastSnapshot = snapshot;
        for (int i = held.size() - 1; i >= 0; i--) {
            PhysicalConnection physical = held.get(i);
            if (!physical.backend.isPrimary() && physical != transactionConnection
                    && !snapshot.isServing(physical.backend.endpoint()) && !hasOpenWork(physical)) {
                held.remove(i);
                release(physical);
            }
        }
    }

    private boolean hasOpenWork(PhysicalConnection physical) {
        for (RoutingStatement statement : openStatements) {
            if (statement.isBusyOn(physical)) {
                return true;
            }
        }
        return false;
    }

    PhysicalConnection primary() throws SQLException {
        for (PhysicalConnection physical : held) {
            if (physical.backend.isPrimary()) {
                return physical;
            }
        }
        return acquire(cluster.primary());
    }

    private PhysicalConnection preferPrimary() {
        for (PhysicalConnection physical : held) {
            if (physical.backend.isPrimary()) {
                return physical;
            }
        }
        return held.get(0);
    }

    private PhysicalConnection find(Endpoint endpoint) {
        for (PhysicalConnection physical : held) {
            if (physical.backend.endpoint().equals(endpoint)) {
                return physical;
            }
        }
        return null;
    }

    /** Borrows a connection to {@code backend} and brings it into this session's state before first use. */
    private PhysicalConnection acquire(Backend backend) throws SQLException {
        Connection connection = backend.borrow();
        PhysicalConnection physical = new PhysicalConnection(backend, connection);
        try {
            if (!autoCommit) {
                connection.setAutoCommit(false);
            }
            if (isolation != null) {
                connection.setTransactionIsolation(isolation);
            }
            if (catalog != null) {
                connection.setCatalog(catalog);
            }
            if (holdability != null) {
                connection.setHoldability(holdability);
            }
            if (networkTimeoutMillis != null) {
                connection.setNetworkTimeout(networkTimeoutExecutor, networkTimeoutMillis);
            }
            if (typeMap != null) {
                connection.setTypeMap(typeMap);
            }
            if (!clientInfo.isEmpty()) {
                connection.setClientInfo(clientInfo);
            }
            for (SessionCommand command : sessionCommands.values()) {
                command.applyTo(connection);
                physical.sessionChanged = true;
            }
        } catch (SQLException e) {
            backend.evict(connection);
            throw e;
        }
        held.add(physical);
        return physical;
    }

    private void release(PhysicalConnection physical) {
        try {
            if (physical.sessionChanged) {
                physical.backend.evict(physical.connection);
            } else {
                physical.connection.close();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("{} - closing a connection to {} failed: {}", cluster.name(), physical, e.toString());
        }
    }

    private void endTransaction() {
        explicitTransaction = false;
        explicitReadOnlyTransaction = false;
        transactionBackend = TransactionBackend.NONE;
        transactionConnection = null;
    }

    private SQLException refusal(Route route, String sql) {
        if (route == Route.REFUSED_READ_ONLY) {
            return new SQLException("rwsplit: the connection is read-only, so this write was not sent: "
                    + abbreviate(sql), "25006");
        }
        return new SQLNonTransientConnectionException(
                "rwsplit: no replica serves reads and rwsplit.noReplica=fail: " + abbreviate(sql), "08001");
    }

    // ---- SessionFacts ------------------------------------------------------------------------------------

    @Override
    public boolean autoCommit() {
        return autoCommit;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public boolean explicitTransaction() {
        return explicitTransaction;
    }

    @Override
    public boolean explicitReadOnlyTransaction() {
        return explicitReadOnlyTransaction;
    }

    @Override
    public TransactionBackend transactionBackend() {
        return transactionBackend;
    }

    @Override
    public boolean forcedPrimary() {
        return forcedPrimaryDepth > 0;
    }

    @Override
    public boolean pinnedToPrimary() {
        return tablesLocked;
    }

    @Override
    public boolean readsPrimaryOnlyVariable(String sql) {
        return variablesAssignedOnPrimary && READS_USER_VARIABLE.matcher(sql).find();
    }

    @Override
    public boolean mentionsTemporaryTable(String sql) {
        if (temporaryTables.isEmpty()) {
            return false;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        for (String table : temporaryTables) {
            if (lower.contains(table)) {
                return true;
            }
        }
        return false;
    }

    // ---- public extras -------------------------------------------------------------------------------------

    /** Sends every statement to the primary until the returned block is closed. Blocks nest. */
    public PrimaryBlock forcePrimary() {
        forcedPrimaryDepth++;
        return new PrimaryBlock(this);
    }

    void endForcedPrimary() {
        if (forcedPrimaryDepth > 0) {
            forcedPrimaryDepth--;
        }
    }

    /** The backend the last statement ran on, or null before the first. */
    public Endpoint lastBackend() {
        return lastUsed == null ? null : lastUsed.backend.endpoint();
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
        return register(new RoutingStatement(this, new StatementShape(resultSetType, resultSetConcurrency,
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
        return register(new RoutingPreparedStatement(this, shape, sql, cluster.classifier().classify(sql)));
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
        return PassThrough.wrap(CallableStatement.class, callable, this, null);
    }

    private <T extends RoutingStatement> T register(T statement) {
        openStatements.add(statement);
        return statement;
    }

    void forget(RoutingStatement statement) {
        openStatements.remove(statement);
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
        if (this.autoCommit == autoCommit) {
            return;
        }
        for (PhysicalConnection physical : held) {
            physical.connection.setAutoCommit(autoCommit);
        }
        this.autoCommit = autoCommit;
        endTransaction();
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        endWith("COMMIT", true);
    }

    @Override
    public void rollback() throws SQLException {
        endWith("ROLLBACK", false);
    }

    private void endWith(String statement, boolean commit) throws SQLException {
        checkOpen();
        if (autoCommit && !explicitTransaction) {
            throw new SQLException("Can't call " + statement.toLowerCase(Locale.ROOT)
                    + " when autocommit=true", "25000");
        }
        PhysicalConnection target = transactionConnection;
        boolean explicit = explicitTransaction;
        endTransaction();
        if (target == null) {
            return;
        }
        if (explicit) {
            // The physical connection is in autocommit mode with a BEGIN open: end it the way it was begun.
            try (Statement end = target.connection.createStatement()) {
                end.execute(statement);
            }
        } else if (commit) {
            target.connection.commit();
        } else {
            target.connection.rollback();
        }
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
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        for (PhysicalConnection physical : held) {
            physical.connection.setTransactionIsolation(level);
        }
        isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return isolation != null ? isolation : current().connection.getTransactionIsolation();
    }

    // ---- session settings ----------------------------------------------------------------------------------

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        for (PhysicalConnection physical : held) {
            physical.connection.setCatalog(catalog);
        }
        this.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return catalog != null ? catalog : cluster.database();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        // Connector/J maps schemas to catalogs only when databaseTerm=SCHEMA; follow whatever it does.
        for (PhysicalConnection physical : held) {
            physical.connection.setSchema(schema);
        }
        current().connection.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return current().connection.getSchema();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        for (PhysicalConnection physical : held) {
            physical.connection.setHoldability(holdability);
        }
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability != null ? holdability : current().connection.getHoldability();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        for (PhysicalConnection physical : held) {
            physical.connection.setNetworkTimeout(executor, milliseconds);
        }
        networkTimeoutExecutor = executor;
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis != null ? networkTimeoutMillis : current().connection.getNetworkTimeout();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return typeMap != null ? typeMap : current().connection.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        for (PhysicalConnection physical : held) {
            physical.connection.setTypeMap(map);
        }
        typeMap = map;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
        for (PhysicalConnection physical : held) {
            physical.connection.setClientInfo(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        clientInfo.putAll(properties);
        for (PhysicalConnection physical : held) {
            physical.connection.setClientInfo(properties);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return lastUsed == null ? null : lastUsed.connection.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        for (PhysicalConnection physical : held) {
            physical.connection.clearWarnings();
        }
    }

    // ---- objects made by the server connection ---------------------------------------------------------------

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return PassThrough.wrap(DatabaseMetaData.class, primary().connection.getMetaData(), this, null);
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

    /** The connection of the last statement, or the primary: for calls that need some server connection. */
    private PhysicalConnection current() throws SQLException {
        checkOpen();
        return lastUsed != null && held.contains(lastUsed) ? lastUsed : primary();
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
        for (PhysicalConnection physical : held) {
            if (!physical.connection.isValid(timeout)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        for (RoutingStatement statement : new ArrayList<>(openStatements)) {
            statement.closeQuietly();
        }
        openStatements.clear();
        for (PhysicalConnection physical : held) {
            release(physical);
        }
        held.clear();
        transactionConnection = null;
        lastUsed = null;
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
        for (PhysicalConnection physical : held) {
            physical.connection.abort(executor);
        }
        held.clear();
        openStatements.clear();
        transactionConnection = null;
        lastUsed = null;
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

    /** Physical connections held now, for tests and the contract of close(). */
    int heldConnections() {
        return held.size();
    }

    static String abbreviate(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }

    private static boolean containsIgnoreCase(String text, String lowerNeedle) {
        return text.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    /** Whether the first word after leading whitespace and comments is {@code lowerWord}. */
    static boolean startsWithIgnoringComments(String sql, String lowerWord) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        return sql.regionMatches(true, i, lowerWord, 0, lowerWord.length());
    }
}
