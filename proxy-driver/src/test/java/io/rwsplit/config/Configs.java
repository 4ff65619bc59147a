package io.rwsplit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;

/** Shortcuts shared by the configuration tests. */
final class Configs {

    static final String HOSTS = "jdbc:rwsplit:mysql://primary:3306,replica1:3306,replica2:3306/app";

    private Configs() {
    }

    static DriverConfig parse(String url) {
        return parse(url, new Properties());
    }

    static DriverConfig parse(String url, Properties info) {
        try {
            return DriverConfig.parse(url, info);
        } catch (SQLNonTransientConnectionException e) {
            return fail("expected a valid configuration, got: " + e.getMessage());
        }
    }

    /** The three-host URL with {@code ?query} added. */
    static DriverConfig withQuery(String query) {
        return parse(HOSTS + "?" + query);
    }

    /** The message of the exception the configuration fails with; checks its SQLState is 08001. */
    static String problems(String url, Properties info) {
        try {
            DriverConfig config = DriverConfig.parse(url, info);
            return fail("expected the configuration to be rejected, got " + config);
        } catch (SQLNonTransientConnectionException e) {
            assertThat(e.getSQLState()).isEqualTo("08001");
            assertThat(e.getMessage()).startsWith("rwsplit: invalid configuration (");
            return e.getMessage();
        }
    }

    static String problems(String url) {
        return problems(url, new Properties());
    }

    /** The message for a bad query on the three-host URL. */
    static String problemsOfQuery(String query) {
        return problems(HOSTS + "?" + query);
    }

    static Properties props(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }
}
