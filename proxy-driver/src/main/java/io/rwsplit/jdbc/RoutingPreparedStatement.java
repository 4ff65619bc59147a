package io.rwsplit.jdbc;

import io.rwsplit.sql.Classification;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * A logical prepared statement. Its SQL is classified once, when prepared; where it runs is decided at each
 * execution (a read runs on a replica in autocommit mode and on the primary inside a transaction). The parameters
 * the app sets are recorded and replayed on the physical statement of whichever backend runs it.
 */
final class RoutingPreparedStatement extends RoutingStatement implements PreparedStatement {

    private final String sql;
    private final Classification classification;
    private final Parameters parameters = new Parameters();
    /** Every execution of this statement: its text, classification and (current) parameters. */
    private final Execution execution;
    private final List<Parameters> batch = new ArrayList<>();

    RoutingPreparedStatement(RoutingConnection connection, StatementShape shape, String sql,
                             Classification classification) {
        super(connection, shape);
        this.sql = sql;
        this.classification = classification;
        this.execution = Execution.of(sql, classification, parameters);
    }

    @Override
    Statement create(Connection physicalConnection) throws SQLException {
        return shape.prepareOn(physicalConnection, sql);
    }

    private <T> T run(Call<T> call) throws SQLException {
        checkOpen();
        return execute(execution, call);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return results(run(s -> ((PreparedStatement) s).executeQuery()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return run(s -> ((PreparedStatement) s).executeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return run(s -> ((PreparedStatement) s).executeLargeUpdate());
    }

    @Override
    public boolean execute() throws SQLException {
        return run(s -> ((PreparedStatement) s).execute());
    }

    // ---- batches -------------------------------------------------------------------------------------------

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(parameters.copy());
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

    /**
     * Runs the recorded parameter sets as one batch where the router sends the statement, on the dispatch path: each
     * set counts as one statement (a batched {@code SET} is replayed like a single one).
     */
    private <T> T runBatch(Call<T> call) throws SQLException {
        checkOpen();
        List<Execution> rows = new ArrayList<>(batch.size());
        for (Parameters row : batch) {
            rows.add(Execution.of(sql, classification, row));
        }
        Execution whole = new Execution(sql, classification, null, rows.isEmpty() ? null : List.copyOf(rows));
        try {
            return execute(whole, onTarget -> {
                PreparedStatement statement = (PreparedStatement) onTarget;
                for (Parameters row : batch) {
                    row.applyTo(statement);
                    statement.addBatch();
                }
                return call.on(statement);
            });
        } finally {
            batch.clear();
        }
    }

    // ---- parameters ----------------------------------------------------------------------------------------

    private void record(int parameterIndex, Parameters.Setter setter) throws SQLException {
        checkOpen();
        parameters.set(parameterIndex, setter);
    }

    private void recordSized(int parameterIndex, Parameters.Setter setter, int bytes) throws SQLException {
        checkOpen();
        parameters.set(parameterIndex, setter, bytes);
    }

    /** A stream, reader or LOB: it can be sent once, so a transaction that ran it cannot be replayed. */
    private void recordOnce(int parameterIndex, Parameters.Setter setter) throws SQLException {
        checkOpen();
        parameters.setOnce(parameterIndex, setter);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        parameters.clear();
        if (current != null) {
            ((PreparedStatement) current).clearParameters();
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        record(parameterIndex, (s, i) -> s.setNull(i, sqlType));
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setBoolean(i, x));
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setByte(i, x));
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setShort(i, x));
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setInt(i, x));
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setLong(i, x));
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setFloat(i, x));
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setDouble(i, x));
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setBigDecimal(i, x));
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        recordSized(parameterIndex, (s, i) -> s.setString(i, x), x == null ? 0 : 2 * x.length());
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        recordSized(parameterIndex, (s, i) -> s.setBytes(i, x), x == null ? 0 : x.length);
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setDate(i, x));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setTime(i, x));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setTimestamp(i, x));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setAsciiStream(i, x, length));
    }

    @SuppressWarnings("deprecation")
    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setUnicodeStream(i, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setBinaryStream(i, x, length));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        record(parameterIndex, (s, i) -> s.setObject(i, x, targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setObject(i, x));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setCharacterStream(i, reader, length));
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        throw notSupportedByConnectorJ("setRef");
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setBlob(i, x));
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setClob(i, x));
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        throw notSupportedByConnectorJ("setArray");
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        record(parameterIndex, (s, i) -> s.setDate(i, x, cal));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        record(parameterIndex, (s, i) -> s.setTime(i, x, cal));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        record(parameterIndex, (s, i) -> s.setTimestamp(i, x, cal));
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        record(parameterIndex, (s, i) -> s.setNull(i, sqlType, typeName));
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        record(parameterIndex, (s, i) -> s.setURL(i, x));
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        throw notSupportedByConnectorJ("setRowId");
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        recordSized(parameterIndex, (s, i) -> s.setNString(i, value), value == null ? 0 : 2 * value.length());
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setNCharacterStream(i, value, length));
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setNClob(i, value));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setClob(i, reader, length));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setBlob(i, inputStream, length));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setNClob(i, reader, length));
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setSQLXML(i, xmlObject));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        record(parameterIndex, (s, i) -> s.setObject(i, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setAsciiStream(i, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setBinaryStream(i, x, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setCharacterStream(i, reader, length));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setAsciiStream(i, x));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setBinaryStream(i, x));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setCharacterStream(i, reader));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setNCharacterStream(i, value));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setClob(i, reader));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setBlob(i, inputStream));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        recordOnce(parameterIndex, (s, i) -> s.setNClob(i, reader));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        record(parameterIndex, (s, i) -> s.setObject(i, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        record(parameterIndex, (s, i) -> s.setObject(i, x, targetSqlType));
    }

    // ---- metadata ------------------------------------------------------------------------------------------

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return describe().getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return describe().getParameterMetaData();
    }

    /** Metadata before any execution comes from the primary, which knows every table. */
    private PreparedStatement describe() throws SQLException {
        checkOpen();
        if (current != null) {
            return (PreparedStatement) current;
        }
        return (PreparedStatement) statementOn(connection.primary());
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public String toString() {
        return "RoutingPreparedStatement[" + Dispatcher.abbreviate(sql) + "]";
    }

    /** Connector/J has no REF, ARRAY or ROWID parameters: say so at the setter, as it does, not at execute. */
    private SQLFeatureNotSupportedException notSupportedByConnectorJ(String method) throws SQLException {
        checkOpen();
        return new SQLFeatureNotSupportedException(method + " is not supported by MySQL Connector/J");
    }
}
