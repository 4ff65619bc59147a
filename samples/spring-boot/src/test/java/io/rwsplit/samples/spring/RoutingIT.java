package io.rwsplit.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.ClusterStatus;
import io.rwsplit.RwSplit;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shop's Spring context against a real primary and two replicas, with nothing changed but its datasource URL:
 * {@code @Transactional(readOnly = true)} methods run on a replica, {@code @Transactional} ones on the primary, and a
 * write inside a read-only transaction is refused before it reaches any server. Which server ran what is read from
 * the driver's per-server statement counters and from {@code @@server_id}.
 */
@ExtendWith(TestClusters.class)
@SpringBootTest(properties = "shop.demo=false")
@DirtiesContext
class RoutingIT {

    private static ReplicationCluster cluster;

    @Autowired
    private Shop shop;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private PlatformTransactionManager transactionManager;

    /** Starts the cluster before the Spring context, which is built once for the class, and points it there. */
    @DynamicPropertySource
    static void clusterUrl(DynamicPropertyRegistry registry) {
        cluster = TestClusters.of(RoutingIT.class,
                () -> ReplicationCluster.builder().name("spring-it").replicas(2).start());
        TestClusters.pointDataSourceAt(registry, cluster, "spring-it", "");
    }

    /** Each test starts with the replicas as up to date as the primary: the catalogue, and earlier tests' orders. */
    @BeforeEach
    void replicasCaughtUp() {
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
    }

    @Test
    void readOnlyMethodsRunOnReplicas() throws SQLException {
        Routed routed = routedDuring(() -> {
            for (int id = 1; id <= 10; id++) {
                assertThat(shop.catalogue(0, 5)).hasSize(5);
                assertThat(shop.product(id)).isPresent();
            }
        });

        assertThat(routed.primary()).isZero();
        assertThat(routed.replicas()).isNotEmpty();
        assertThat(routed.replicas().stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
    }

    @Test
    void aReadOnlyTransactionRunsWhollyOnOneReplica() throws SQLException {
        long orderId = shop.placeOrder(7, List.of(new CartItem(5, 2), new CartItem(2, 1)));
        cluster.awaitCaughtUp(Duration.ofSeconds(10));

        Routed routed = routedDuring(() -> assertThat(shop.orderHistory(7)).singleElement().satisfies(order -> {
            assertThat(order.id()).isEqualTo(orderId);
            assertThat(order.lines()).extracting(Order.Line::productId).containsExactly(2, 5);
        }));
        assertThat(routed.primary()).isZero();
        assertThat(routed.replicas()).as("statements per replica").containsExactlyInAnyOrder(0L, 2L);

        TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);
        Integer serverId = readOnly.execute(status -> {
            shop.orderHistory(7);
            return jdbc.queryForObject("SELECT @@server_id", Integer.class);
        });
        assertThat(serverId).isIn(cluster.replicas().stream().map(ClusterNode::serverId).toList());
    }

    @Test
    void placingAnOrderRunsOnThePrimary() throws SQLException {
        int stockBefore = stockOnPrimary(4);
        Routed routed = routedDuring(() -> shop.placeOrder(8, List.of(new CartItem(4, 3))));

        assertThat(routed.replicas()).containsOnly(0L);
        assertThat(routed.primary()).as("UPDATE, SELECT, 2 INSERTs").isGreaterThanOrEqualTo(4);
        assertThat(stockOnPrimary(4)).isEqualTo(stockBefore - 3);
        assertThat(countOnPrimary("SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id"
                + " WHERE o.customer_id = 8 AND l.product_id = 4 AND l.quantity = 3")).isOne();

        TransactionTemplate readWrite = new TransactionTemplate(transactionManager);
        Integer serverId = readWrite.execute(status -> {
            shop.placeOrder(8, List.of(new CartItem(4, 1)));
            return jdbc.queryForObject("SELECT @@server_id", Integer.class);
        });
        assertThat(serverId).isEqualTo(cluster.primary().serverId());
    }

    @Test
    void aWriteInsideAReadOnlyTransactionIsRefusedAndWritesNothing() throws SQLException {
        long ordersBefore = countOnPrimary("SELECT COUNT(*) FROM orders");
        int stockBefore = stockOnPrimary(3);
        TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);

        // placeOrder's @Transactional joins the caller's read-only transaction, as Spring's propagation REQUIRED does.
        Routed routed = routedDuring(() -> assertThatThrownBy(
                () -> readOnly.executeWithoutResult(status -> shop.placeOrder(9, List.of(new CartItem(3, 1)))))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.getMostSpecificCause()).isInstanceOfSatisfying(SQLException.class,
                            cause -> assertThat(cause.getSQLState()).isEqualTo("25006"));
                    assertThat(e).hasMessageContaining("read-only");
                }));

        assertThat(routed.primary()).isZero();
        assertThat(countOnPrimary("SELECT COUNT(*) FROM orders")).isEqualTo(ordersBefore);
        assertThat(stockOnPrimary(3)).isEqualTo(stockBefore);
    }

    /** Statements run on the primary and on each replica while {@code work} ran. */
    private record Routed(long primary, List<Long> replicas) {
    }

    private Routed routedDuring(Runnable work) throws SQLException {
        Map<Endpoint, Long> before = RwSplit.status(dataSource).statementsByServer();
        work.run();
        ClusterStatus status = RwSplit.status(dataSource);
        Map<Endpoint, Long> after = status.statementsByServer();
        long primary = after.getOrDefault(status.primary(), 0L) - before.getOrDefault(status.primary(), 0L);
        List<Long> replicas = status.replicas().stream().map(ReplicaStatus::endpoint)
                .map(endpoint -> after.getOrDefault(endpoint, 0L) - before.getOrDefault(endpoint, 0L)).toList();
        return new Routed(primary, replicas);
    }

    private static long countOnPrimary(String sql) throws SQLException {
        try (Connection connection = cluster.connect(cluster.primary());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int stockOnPrimary(int productId) throws SQLException {
        try (Connection connection = cluster.connect(cluster.primary());
             PreparedStatement query = connection.prepareStatement("SELECT stock FROM products WHERE id = ?")) {
            query.setInt(1, productId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
