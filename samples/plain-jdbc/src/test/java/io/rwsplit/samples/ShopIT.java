package io.rwsplit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rwsplit.RwSplit;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.samples.shop.Shop;
import io.rwsplit.samples.shop.ShopSchema;
import io.rwsplit.testkit.ReplicationCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shop, unchanged but for its URL: catalogue reads land on replicas, orders on the primary. */
class ShopIT {

    private static ReplicationCluster cluster;
    private static HikariDataSource pool;
    private static Shop shop;

    @BeforeAll
    static void start() throws Exception {
        cluster = ReplicationCluster.builder().name("shop-it").replicas(2).start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:rwsplit:mysql://" + cluster.hostList() + "/" + cluster.schema()
                + "?rwsplit.clusterName=shop-it&rwsplit.monitorUser=" + cluster.monitor().user()
                + "&rwsplit.monitorPassword=" + cluster.monitor().password());
        config.setUsername(cluster.app().user());
        config.setPassword(cluster.app().password());
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        ShopSchema.create(pool, 50);
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        shop = new Shop(pool);
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
        RwSplit.shutdown();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void catalogueReadsRunOnReplicas() throws Exception {
        // An order placed earlier on a pooled connection keeps that connection's reads on the primary until a
        // replica is known to have it (read-your-writes); the driver learns it as the replicas apply it.
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        Map<Endpoint, Long> before = RwSplit.status(pool).statementsByServer();
        for (int i = 0; i < 20; i++) {
            assertThat(shop.product(1 + i)).isNotNull();
            assertThat(shop.browse(1, 10)).hasSize(10);
        }
        Map<Endpoint, Long> after = RwSplit.status(pool).statementsByServer();
        Endpoint primary = RwSplit.status(pool).primary();
        assertThat(after.get(primary) - before.get(primary)).isZero();
        long onReplicas = after.entrySet().stream().filter(e -> !e.getKey().equals(primary))
                .mapToLong(e -> e.getValue() - before.get(e.getKey())).sum();
        assertThat(onReplicas).isEqualTo(40);
    }

    @Test
    void ordersArePlacedOnThePrimaryAndNoneIsLost() throws Exception {
        long first = shop.placeOrder(7, 3, 2);
        long second = shop.placeOrder(7, 4, 1);
        assertThat(second).isGreaterThan(first);
        try (Connection primary = cluster.connect(cluster.primary()); Statement statement = primary.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*), SUM(quantity) FROM order_lines WHERE order_id IN (" + first + "," + second + ")")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
            assertThat(rows.getInt(2)).isEqualTo(3);
        }
    }

    @Test
    void orderHistoryIsReadInAReadOnlyTransactionOnAReplica() throws Exception {
        shop.placeOrder(9, 5, 1);
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        Map<Endpoint, Long> before = RwSplit.status(pool).statementsByServer();
        BigDecimal total = shop.customerTotal(9);
        Map<Endpoint, Long> after = RwSplit.status(pool).statementsByServer();
        Endpoint primary = RwSplit.status(pool).primary();
        assertThat(total).isPositive();
        assertThat(after.get(primary)).isEqualTo(before.get(primary));
    }
}
