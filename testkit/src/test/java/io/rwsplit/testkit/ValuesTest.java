package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The small public value types. */
class ValuesTest {

    @Test
    void credentialsNeverShowThePassword() {
        Credentials credentials = new Credentials("app", "s3cret");
        assertThat(credentials.toString()).contains("app").contains("<masked>").doesNotContain("s3cret");
        assertThat(credentials.password()).isEqualTo("s3cret");
    }

    @Test
    void clusterNodeDescribesWhereItListens() {
        ClusterNode node = new ClusterNode("replica1", "127.0.0.1", 40001, 2, false, "app");
        assertThat(node.hostAndPort()).isEqualTo("127.0.0.1:40001");
        assertThat(node.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:40001/app");
        assertThat(node.serverUrl()).isEqualTo("jdbc:mysql://127.0.0.1:40001/");
        assertThat(node).hasToString("replica1 127.0.0.1:40001 (server_id=2)")
                .isEqualTo(new ClusterNode("replica1", "127.0.0.1", 40001, 2, false, "app"))
                .isNotEqualTo(new ClusterNode("replica1", "127.0.0.1", 40002, 2, false, "app"));
        assertThat(node.isPrimary()).isFalse();
    }

    @Test
    void flavorComesFromTheVersionString() {
        assertThat(Flavor.ofVersionString("10.11.19-MariaDB-0+deb12u1-log")).isEqualTo(Flavor.MARIADB);
        assertThat(Flavor.ofVersionString("5.5.5-10.11.19-MariaDB")).isEqualTo(Flavor.MARIADB);
        assertThat(Flavor.ofVersionString("8.4.3")).isEqualTo(Flavor.MYSQL);
    }
}
