package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Start-up and clean-up: nothing of a cluster survives close(), nor the crash of the JVM that started it. The first
 * two tests look at the LOCAL backend's processes and directories, so they run on it whatever backend is selected.
 */
class LifecycleIT {

    @Test
    void closeKillsEveryServerAndRemovesEveryDirectory() throws IOException {
        String name = "lifecycle-" + shortId();
        ReplicationCluster cluster = ReplicationCluster.builder().name(name).replicas(1).backend(Backend.LOCAL).start();
        List<Path> directories = clusterDirectories(name);
        assertThat(directories).hasSize(1);
        List<ProcessHandle> servers = processesMentioning(directories.get(0));
        assertThat(servers).hasSize(2);

        cluster.close();
        cluster.close();

        assertThat(servers).noneMatch(ProcessHandle::isAlive);
        assertThat(directories.get(0)).doesNotExist();
        assertThat(clusterDirectories(name)).isEmpty();
        assertThatThrownBy(() -> cluster.kill(cluster.primary()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void startRemovesTheServersAndDirectoryOfAJvmThatDied() throws Exception {
        String id = shortId();
        ReplicationCluster crashed = ReplicationCluster.builder().name("crashed-" + id).replicas(1)
                .backend(Backend.LOCAL).start();
        try {
            Path directory = clusterDirectories("crashed-" + id).get(0);
            List<ProcessHandle> servers = processesMentioning(directory);
            assertThat(servers).hasSize(2);
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Files.writeString(directory.resolve(ClusterDirectory.OWNER_FILE), gone.pid() + " 0\n");

            try (ReplicationCluster next = ReplicationCluster.builder().name("next-" + id).replicas(0)
                    .backend(Backend.LOCAL).start()) {
                assertThat(servers).noneMatch(ProcessHandle::isAlive);
                assertThat(directory).doesNotExist();
                assertThat(next.nodes()).hasSize(1);
            }
        } finally {
            crashed.close();
        }
    }

    @Test
    void primaryOnlyClusterWithItsOwnSchema() throws SQLException {
        try (ReplicationCluster cluster = ReplicationCluster.builder().name("solo-" + shortId()).replicas(0)
                .schema("shop").start()) {
            assertThat(cluster.replicas()).isEmpty();
            assertThat(cluster.primary().jdbcUrl()).endsWith("/shop");
            try (Connection connection = cluster.connect(cluster.primary())) {
                assertThat(TestSql.query(connection, "SELECT DATABASE()")).isEqualTo("shop");
            }
            cluster.awaitCaughtUp(Duration.ofSeconds(1));
            assertThat(cluster.startupTime()).isPositive();
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<Path> clusterDirectories(String clusterName) throws IOException {
        try (Stream<Path> paths = Files.list(ClusterDirectory.tempRoot())) {
            return paths.filter(path -> path.getFileName().toString()
                    .startsWith(ClusterDirectory.PREFIX + clusterName + "-")).toList();
        }
    }

    private static List<ProcessHandle> processesMentioning(Path directory) {
        return ProcessHandle.allProcesses()
                .filter(handle -> handle.info().commandLine().orElse("").contains(directory.toString()))
                .toList();
    }
}
