package io.rwsplit.monitor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/** {@link ProbeConnector#driverManager}. */
final class DriverManagerConnector implements ProbeConnector {

    private final String user;
    private final String password;
    private final Properties extra;

    DriverManagerConnector(String user, String password, Properties extra) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = password;
        this.extra = new Properties();
        if (extra != null) {
            extra.stringPropertyNames().forEach(name -> this.extra.setProperty(name, extra.getProperty(name)));
        }
    }

    @Override
    public Connection connect(Endpoint endpoint, Duration timeout) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(extra);
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        String millis = Long.toString(Math.max(1, timeout.toMillis()));
        properties.setProperty("connectTimeout", millis);
        properties.setProperty("socketTimeout", millis);
        return DriverManager.getConnection("jdbc:mysql://" + endpoint + "/", properties);
    }

    @Override
    public String toString() {
        return "ProbeConnector[jdbc:mysql, user=" + user + ", password=<masked>, extra properties="
                + extra.stringPropertyNames() + "]";
    }
}
