package io.rwsplit.monitor;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens the monitor's own connections to a server. The monitor keeps one per server, reuses it from poll to poll,
 * and aborts it when a probe overruns its deadline.
 */
@FunctionalInterface
public interface ProbeConnector {

    /**
     * Opens a connection to the server with no default database. It must give up within about {@code timeout}, and
     * reads on it should time out after about {@code timeout} too.
     */
    Connection connect(Endpoint endpoint, Duration timeout) throws SQLException;

    /**
     * Connects with {@link DriverManager} to {@code jdbc:mysql://host:port/} (no default database: a monitoring
     * account usually has no privilege on the application schema), with {@code connectTimeout} and
     * {@code socketTimeout} set to the timeout. {@code extra} properties (TLS settings, for instance) are passed to
     * the JDBC driver; the password never appears in a message or in {@link Object#toString()}.
     *
     * @param extra may be null
     */
    static ProbeConnector driverManager(String user, String password, Properties extra) {
        return new DriverManagerConnector(user, password, extra);
    }
}
