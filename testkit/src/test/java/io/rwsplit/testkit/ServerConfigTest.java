package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    private static final ServerVersion MARIADB_10_11 = new ServerVersion(10, 11, 19);
    private static final Path NODE = Path.of("/tmp/c/replica1");

    @Test
    void mariaDbReplicaConfig() {
        String cnf = ServerConfig.myCnf(Flavor.MARIADB, ServerConfig.merge(
                ServerConfig.files(Flavor.MARIADB, NODE, NODE.resolve("data")),
                ServerConfig.network(40001),
                ServerConfig.speed(Flavor.MARIADB),
                ServerConfig.storage(Flavor.MARIADB, MARIADB_10_11),
                ServerConfig.replication(Flavor.MARIADB, ServerConfig.Role.REPLICA, 2, 40001, false)));
        assertThat(cnf).startsWith("[mariadbd]\n")
                .contains("datadir=/tmp/c/replica1/data\n", "socket=/tmp/c/replica1/mysqld.sock\n")
                .contains("port=40001\n", "bind-address=127.0.0.1\n", "skip-name-resolve\n")
                .contains("loose-innodb_buffer_pool_size_max=32M\n", "innodb_log_file_size=16M\n")
                .contains("innodb_flush_log_at_trx_commit=2\n", "sync_binlog=0\n", "performance_schema=OFF\n")
                .contains("server_id=2\n", "log_bin=binlog\n", "read_only=ON\n", "report_port=40001\n")
                .doesNotContain("gtid_mode", "general_log", "mysqlx", "secure_file_priv");
    }

    @Test
    void mySqlPrimaryWithGeneralLog() {
        Map<String, String> options = ServerConfig.merge(
                ServerConfig.files(Flavor.MYSQL, NODE, NODE.resolve("data")),
                ServerConfig.speed(Flavor.MYSQL),
                ServerConfig.storage(Flavor.MYSQL, new ServerVersion(8, 4, 3)),
                ServerConfig.replication(Flavor.MYSQL, ServerConfig.Role.PRIMARY, 1, 40000, true));
        String cnf = ServerConfig.myCnf(Flavor.MYSQL, options);
        assertThat(cnf).startsWith("[mysqld]\n")
                .contains("gtid_mode=ON\n", "enforce_gtid_consistency=ON\n", "mysqlx=OFF\n")
                .contains("innodb_redo_log_capacity=16M\n", "secure_file_priv=/tmp/c/replica1/tmp\n")
                .contains("general_log=ON\n", "log_output=TABLE\n")
                .doesNotContain("read_only", "innodb_buffer_pool_size_max");
    }

    @Test
    void olderMySqlSizesTheRedoLogTheOldWay() {
        assertThat(ServerConfig.storage(Flavor.MYSQL, new ServerVersion(8, 0, 29)))
                .containsEntry("innodb_log_file_size", "8M").doesNotContainKey("innodb_redo_log_capacity");
        assertThat(ServerConfig.storage(Flavor.MYSQL, new ServerVersion(8, 0, 30)))
                .containsKey("innodb_redo_log_capacity");
    }

    @Test
    void mariaDbStorageIsTheSameForEveryVersion() {
        assertThat(ServerConfig.storage(Flavor.MARIADB, new ServerVersion(10, 6, 0)))
                .isEqualTo(ServerConfig.storage(Flavor.MARIADB, MARIADB_10_11))
                .isEqualTo(ServerConfig.mariaDbStorage());
    }

    @Test
    void localContainerImageHasItsDatadirMadeWithTheSameStorageOptions() throws IOException {
        // The CONTAINER backend starts MariaDB with these options on the datadir that scripts/docker-engine.sh built.
        String script = Files.readString(Path.of("..", "scripts", "docker-engine.sh"));
        assertThat(script).contains(String.join(" ", ServerConfig.arguments(ServerConfig.mariaDbStorage())));
    }

    @Test
    void templateHasNoReplicationOptions() {
        assertThatThrownBy(() -> ServerConfig.replication(Flavor.MARIADB, ServerConfig.Role.TEMPLATE, 1, 1, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersContainerArguments() {
        Map<String, String> options = new LinkedHashMap<>(ServerConfig.network(3307));
        options.put("skip-name-resolve", null);
        assertThat(ServerConfig.arguments(options))
                .containsExactly("--port=3307", "--bind-address=127.0.0.1", "--skip-name-resolve");
    }
}
