package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failures mean the connection is gone (a replica read may then run elsewhere), and which are the statement's. */
class ConnectionFailureTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("communications link failure", new SQLRecoverableException("link", "08S01"), true),
                Arguments.of("cannot connect", new SQLTransientConnectionException("refused", "08001"), true),
                Arguments.of("connection closed", new SQLException("closed", "08003"), true),
                Arguments.of("connection rejected", new SQLException("rejected", "08004"), true),
                Arguments.of("08 under a wrapper", new SQLException("outer", "HY000",
                        new SQLException("inner", "08S01")), true),
                Arguments.of("socket timeout as cause", new SQLException("read timed out", null,
                        new SocketTimeoutException("Read timed out")), true),
                Arguments.of("EOF as cause", new SQLException("eof", "HY000", new EOFException()), true),
                Arguments.of("syntax error", new SQLException("syntax", "42000", 1064), false),
                Arguments.of("unknown table", new SQLException("no table", "42S02", 1146), false),
                Arguments.of("deadlock", new SQLException("deadlock", "40001", 1213), false),
                Arguments.of("lock wait timeout", new SQLException("lock wait", "HY000", 1205), false),
                Arguments.of("duplicate key", new SQLException("dup", "23000", 1062), false),
                Arguments.of("read-only server", new SQLException("read only", "HY000", 1290), false),
                Arguments.of("query timeout", new SQLTimeoutException("cancelled", "70100", 1317), false),
                Arguments.of("full pool", new SQLTimeoutException("no free connection", "HYT00"), false),
                Arguments.of("no SQLState at all", new SQLException("Connection is closed"), false),
                Arguments.of("class 80, not 08", new SQLException("odd", "80001"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void tellsConnectionFailuresFromStatementErrors(String what, SQLException failure, boolean connection) {
        assertThat(ReadRetry.isConnectionFailure(failure)).isEqualTo(connection);
    }
}
