package io.rwsplit.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.RwSplit;
import io.rwsplit.testkit.Flavor;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Data JPA service methods with plain {@code @Transactional}, as most apps have them, over rwsplit with
 * optimistic transactions: where each statement ran is read from each server's general log.
 */
@ExtendWith(TestClusters.class)
@SpringBootTest(properties = "shop.demo=false")
@DirtiesContext
class JpaRoutingIT {

    private static ReplicationCluster cluster;

    @Autowired
    private Catalogue catalogue;
    @Autowired
    private DataSource dataSource;

    @DynamicPropertySource
    static void clusterUrl(DynamicPropertyRegistry registry) {
        cluster = TestClusters.of(JpaRoutingIT.class,
                () -> ReplicationCluster.builder().name("jpa-it").replicas(2).generalLog(true).start());
        TestClusters.pointDataSourceAt(registry, cluster, "jpa-it", "&rwsplit.optimisticTransactions=true");
        // Connector/J reports MariaDB as MySQL 5.5.5, which Hibernate cannot tell apart: name the dialect.
        if (cluster.flavor() == Flavor.MARIADB) {
            registry.add("spring.jpa.database-platform", () -> "org.hibernate.dialect.MariaDBDialect");
        }
    }

    @Test
    void runsATransactionalMethodThatOnlyReadsOnAReplica() {
        String name = "Hand grinder";
        assertThat(catalogue.item(name)).isPresent();
        // Hibernate binds the name as a literal (client-side prepared statements): the general log shows it.
        assertThat(ranOn("name='" + name + "'")).containsExactly("replica");
    }

    @Test
    void movesATransactionalMethodThatWritesToThePrimaryAtItsWrite() throws SQLException {
        String name = "Milk frother";
        int before = catalogue.item(name).orElseThrow().getStock();
        int after = catalogue.restock(name, 7_000);
        assertThat(after).isEqualTo(before + 7_000);
        assertThat(ranOn("stock=" + after)).as("the update").containsExactly("primary");
        assertThat(RwSplit.status(dataSource).transactions().promotions()).isPositive();
        assertThat(catalogue.item(name).orElseThrow().getStock()).isEqualTo(after);
        try (Connection primary = cluster.connect(cluster.primary());
             var rows = primary.createStatement().executeQuery("SELECT stock FROM products WHERE name = '" + name
                     + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(after);
        }
    }


    private static Set<String> ranOn(String marker) {
        return cluster.rolesThatRan(marker);
    }
}
