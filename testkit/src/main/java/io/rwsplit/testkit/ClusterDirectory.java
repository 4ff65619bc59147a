package io.rwsplit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The temp directory of one LOCAL cluster ({@code rwsplit-cluster-<name>-<random>}), with an {@code owner} file naming
 * the JVM that made it. Directories whose JVM is gone are leftovers of a crashed run: their servers are killed and
 * the directories removed.
 */
final class ClusterDirectory {

    static final String PREFIX = "rwsplit-cluster-";
    static final String OWNER_FILE = "owner";
    /** A directory without owner file may be one another JVM has just made. */
    private static final Duration OWNERLESS_GRACE = Duration.ofMinutes(2);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ClusterDirectory() {
    }

    static Path tempRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    static Path create(Path root, String clusterName) {
        try {
            Path directory = Files.createTempDirectory(root, PREFIX + clusterName + "-");
            ProcessHandle self = ProcessHandle.current();
            long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            Files.writeString(directory.resolve(OWNER_FILE), self.pid() + " " + started + "\n");
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a cluster directory in " + root, e);
        }
    }

    /** Kills the servers of and removes every cluster directory under root whose owning JVM is gone. */
    static List<Path> removeLeftovers(Path root) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path directory : directories) {
                if (Files.isDirectory(directory) && isLeftover(directory)) {
                    killServers(directory);
                    if (delete(directory)) {
                        removed.add(directory);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: another JVM may be cleaning up the same directories.
        }
        return removed;
    }

    static boolean isLeftover(Path directory) throws IOException {
        Path ownerFile = directory.resolve(OWNER_FILE);
        if (!Files.exists(ownerFile)) {
            Instant modified = Files.getLastModifiedTime(directory).toInstant();
            return modified.isBefore(Instant.now().minus(OWNERLESS_GRACE));
        }
        String[] owner = Files.readString(ownerFile).strip().split(" ");
        try {
            return !isAlive(Long.parseLong(owner[0]), owner.length > 1 ? Long.parseLong(owner[1]) : 0L);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Whether that process runs and is the one that started at that time (pids get reused). */
    static boolean isAlive(long pid, long startedMillis) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = handle.get().info().startInstant();
        return startedMillis == 0 || started.isEmpty()
                || Math.abs(started.get().toEpochMilli() - startedMillis) < 1000;
    }

    /** SIGKILL to every server whose pid file is in the directory and whose command line names the directory. */
    static void killServers(Path directory) throws IOException {
        List<Path> pidFiles;
        try (Stream<Path> files = Files.find(directory, 2,
                (path, attributes) -> path.getFileName().toString().equals(ServerProcess.PID_FILE))) {
            pidFiles = files.toList();
        }
        List<ProcessHandle> servers = new ArrayList<>();
        for (Path pidFile : pidFiles) {
            try {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                        .filter(handle -> handle.info().commandLine().orElse("").contains(directory.toString()))
                        .ifPresent(servers::add);
            } catch (NumberFormatException | NoSuchFileException e) {
                // Not a pid file of ours, or gone meanwhile.
            }
        }
        servers.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle server : servers) {
            // An orphan stays a zombie until its new parent reaps it; a zombie holds no port and no file.
            while (server.isAlive() && ServerProcess.state(server.pid()) != 'Z' && System.nanoTime() < deadline) {
                Sql.sleep(Duration.ofMillis(10));
            }
        }
    }

    /** Removes the directory and everything in it; true when it is gone. */
    static boolean delete(Path directory) {
        if (!Files.exists(directory)) {
            return true;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // Someone else removed part of it meanwhile, or a file is not ours: report through the return value.
        }
        return !Files.exists(directory);
    }
}
