package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDirectoryTest {

    @Test
    void removesTheDirectoryAndKillsTheServersOfADeadOwner(@TempDir Path root) throws Exception {
        Path directory = ClusterDirectory.create(root, "crashed");
        Path node = Files.createDirectories(directory.resolve("primary"));
        // Stands in for a server: its command line names the directory, as mariadbd's --defaults-file does.
        Process server = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", directory.toString()).start();
        try {
            Files.writeString(node.resolve(ServerProcess.PID_FILE), server.pid() + "\n");
            Files.writeString(directory.resolve(ClusterDirectory.OWNER_FILE), deadPid() + " 0\n");

            assertThat(ClusterDirectory.removeLeftovers(root)).containsExactly(directory);

            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(directory).doesNotExist();
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void leavesProcessesAloneWhoseCommandLineDoesNotNameTheDirectory(@TempDir Path root) throws Exception {
        Path directory = ClusterDirectory.create(root, "crashed");
        Process unrelated = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(directory.resolve(ServerProcess.PID_FILE), unrelated.pid() + "\n");
            Files.writeString(directory.resolve(ClusterDirectory.OWNER_FILE), deadPid() + " 0\n");

            ClusterDirectory.removeLeftovers(root);

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(directory).doesNotExist();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void keepsDirectoriesOfLiveJvmsAndFreshOnesWithoutOwner(@TempDir Path root) throws IOException {
        Path mine = ClusterDirectory.create(root, "mine");
        Path fresh = Files.createDirectory(root.resolve(ClusterDirectory.PREFIX + "fresh-1"));
        Path old = Files.createDirectory(root.resolve(ClusterDirectory.PREFIX + "old-1"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path other = Files.createDirectory(root.resolve("something-else"));

        assertThat(ClusterDirectory.removeLeftovers(root)).containsExactly(old);
        assertThat(mine).exists();
        assertThat(fresh).exists();
        assertThat(other).exists();
    }

    @Test
    void recognisesAReusedPidByItsStartTime() {
        long self = ProcessHandle.current().pid();
        long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        assertThat(ClusterDirectory.isAlive(self, started)).isTrue();
        assertThat(ClusterDirectory.isAlive(self, started - 60_000)).isFalse();
        assertThat(ClusterDirectory.isAlive(deadPid(), 0)).isFalse();
    }

    private static long deadPid() {
        try {
            Process process = new ProcessBuilder("true").start();
            process.waitFor();
            return process.pid();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
