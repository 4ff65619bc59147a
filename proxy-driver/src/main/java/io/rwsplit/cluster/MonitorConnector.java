package io.rwsplit.cluster;

import com.mysql.cj.jdbc.NonRegisteringDriver;
import io.rwsplit.config.DriverConfig;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ProbeConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;

/**
 * Opens the monitor's probe connections: the monitor's own credentials (or the app's), the app's other Connector/J
 * properties (TLS and the like), no default database, and timeouts no longer than the probe's.
 */
final class MonitorConnector implements ProbeConnector {

    private static final NonRegisteringDriver CONNECTOR = ConnectorDataSource.newConnector();

    private final Properties base;
    private final Function<Endpoint, String> urls;

    private MonitorConnector(Properties base, Function<Endpoint, String> urls) {
        this.base = base;
        this.urls = urls;
    }

    static MonitorConnector forConfig(DriverConfig config) {
        Properties properties = new Properties();
        properties.putAll(config.backendProperties());
        config.monitorUser().ifPresent(user -> properties.setProperty("user", user));
        config.monitorPassword().ifPresent(password -> properties.setProperty("password", password));
        // The monitor reads replication status only; these would change what its queries return or cost.
        properties.remove("allowMultiQueries");
        properties.remove("useCursorFetch");
        properties.setProperty("connectionAttributes", "program_name:rwsplit-monitor");
        return new MonitorConnector(properties, config::monitorUrl);
    }

    @Override
    public Connection connect(Endpoint endpoint, Duration timeout) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(base);
        String millis = Long.toString(Math.max(1, timeout.toMillis()));
        properties.setProperty("connectTimeout", millis);
        properties.setProperty("socketTimeout", millis);
        Connection connection = CONNECTOR.connect(urls.apply(endpoint), properties);
        if (connection == null) {
            throw new SQLException("Connector/J refused the monitor URL for " + endpoint, "08001");
        }
        return connection;
    }

}
