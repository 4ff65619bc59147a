package io.rwsplit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.rwsplit.config.PoolSettings;
import io.rwsplit.monitor.Endpoint;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A HikariCP release whose pool is not {@code HikariPool}: borrows still work, in one wait, and DOWN still holds. */
class PooledBackendTest {

    private static final Endpoint REPLICA = new Endpoint("127.0.0.1", 1);

    @Test
    void borrowsThroughTheDataSourceWhenThePoolClassIsNotHikariPool() throws SQLException {
        Connection stub = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        HikariConfig config = PooledBackend.poolConfig("other-hikari", Backend.Role.REPLICA,
                new PoolSettings(2, 0, 250, 0, 0));
        PooledBackend backend = new PooledBackend(REPLICA, Backend.Role.REPLICA,
                new ConnectorDataSource("jdbc:mysql://127.0.0.1:1/", new Properties()),
                OtherHikari::new, config);
        OtherHikari.lends = List.of(stub);

        assertThat(backend.borrow()).isSameAs(stub);
        assertThat(backend.activeConnections()).isEqualTo(3);

        backend.markDown("probe timed out");
        assertThatThrownBy(backend::borrow).isInstanceOf(SQLException.class).hasMessageContaining("DOWN");
    }

    /** A pool whose MXBean is not HikariPool, and which lends what the test gives it. */
    static final class OtherHikari extends HikariDataSource {

        static volatile List<Connection> lends;

        OtherHikari(HikariConfig config) {
            // Not started: a release where getHikariPoolMXBean answers something else.
            config.validate();
            setPoolName(config.getPoolName());
        }

        @Override
        public HikariPoolMXBean getHikariPoolMXBean() {
            return (HikariPoolMXBean) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HikariPoolMXBean.class},
                    (proxy, method, args) -> method.getReturnType() == int.class ? 3 : null);
        }

        @Override
        public Connection getConnection() {
            return lends.get(0);
        }
    }
}
