package io.rwsplit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.zaxxer.hikari.HikariConfig;
import io.rwsplit.config.DriverConfig;
import io.rwsplit.config.Setting;
import io.rwsplit.config.Settings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * One set of bounds: every setting of the catalog, walked through the values at and past every bound any setting has,
 * is either refused by the driver with a clear 08001, or accepted by the driver, the replica monitor and HikariCP
 * alike. A setting added to the catalog is walked too.
 */
class SettingsAgreementTest {

    private static final String URL = "jdbc:rwsplit:mysql://primary:3306,replica1:3306,replica2:3306/app";

    /** Every bound a setting of ours has, and the values either side of it, with and without units. */
    private static final List<String> NUMBERS = List.of("-1", "0", "1", "49", "50", "99", "100", "249", "250",
            "999", "1000", "9999", "10000", "29999", "30000", "60000", "299999", "300000", "300001", "3600000",
            "3600001", "86400000", "86400001", "1073741824", "1073741825", "10000000", "10000001",
            "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "1s", "5m", "1h", "24h",
            "25h", "1d", "1.5", " 7 ", "");

    @Test
    void whateverTheDriverAcceptsTheMonitorAndThePoolsAcceptToo() {
        int accepted = 0;
        int refused = 0;
        for (Setting<?> setting : Settings.all()) {
            for (String value : candidates(setting)) {
                Properties properties = new Properties();
                properties.setProperty(setting.name(), value);
                DriverConfig config;
                try {
                    config = DriverConfig.parse(URL, properties);
                } catch (SQLException e) {
                    refused++;
                    assertThat(e.getSQLState()).as(setting + "=" + value).isEqualTo("08001");
                    assertThat(e.getMessage()).as(setting + "=" + value).contains(setting.name());
                    continue;
                }
                accepted++;
                assertThat(config.monitorSettings()).as(setting + "=" + value).isNotNull();
                HikariConfig pool = PooledBackend.poolConfig("walk", Backend.Role.REPLICA, config.poolSettings());
                pool.setDataSource(new ConnectorDataSource(config.backendUrl(config.primary()), new Properties()));
                assertThatCode(pool::validate).as(setting + "=" + value).doesNotThrowAnyException();
                assertThat(pool.getConnectionTimeout()).as(setting + "=" + value + ": Hikari kept the timeout")
                        .isEqualTo(config.poolConnectionTimeout().toMillis());
                assertThat(config.monitorSettings().pollInterval()).isEqualTo(config.pollInterval());
                assertThat(config.monitorSettings().maxLag()).isEqualTo(config.maxReplicaLag());
            }
        }
        System.out.printf("settings walk: %d values accepted by all, %d refused with 08001%n", accepted, refused);
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void acceptsAZeroMaxReplicaLagEndToEnd() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("rwsplit.maxReplicaLag", "0");
        DriverConfig config = DriverConfig.parse(URL, properties);
        assertThat(config.monitorSettings().maxLag()).isEqualTo(Duration.ZERO);
        assertThat(config.monitorSettings().restoreLag()).isEqualTo(Duration.ZERO);
    }

    private static List<String> candidates(Setting<?> setting) {
        List<String> values = new ArrayList<>(NUMBERS);
        values.addAll(setting.choices());
        values.addAll(List.of("true", "false", "yes", "bogus", "1,1", "3,1", "0,1", "heartbeat", "hb.beat",
                "`hb db`.`beat`", "a.b.c", "x".repeat(64), "x".repeat(65), "orders-db", "tab\\tname"));
        return values;
    }
}
