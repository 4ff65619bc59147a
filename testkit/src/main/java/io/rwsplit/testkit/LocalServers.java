package io.rwsplit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LOCAL backend: one {@code mariadbd}/{@code mysqld} process per node, each in its own directory under the
 * cluster's temp directory, its datadir a copy of the shared template.
 */
final class LocalServers implements Servers {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServers.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 5;

    private final ClusterSpec spec;
    private final ServerBinary binary;
    private final List<Node> nodes = new ArrayList<>();
    private Path directory;
    private boolean closed;

    /** One server: its directory, port and process. */
    private static final class Node {
        final int index;
        final Path directory;
        final ServerProcess process;
        int port;
        ClusterNode node;
        ServerConfig.Role role;

        Node(int index, Path directory, ServerProcess process, int port) {
            this.index = index;
            this.directory = directory;
            this.process = process;
            this.port = port;
            this.role = index == 0 ? ServerConfig.Role.PRIMARY : ServerConfig.Role.REPLICA;
        }
    }

    LocalServers(ClusterSpec spec) {
        this.spec = spec;
        this.binary = ServerBinary.locate();
    }

    @Override
    public Flavor flavor() {
        return binary.flavor();
    }

    @Override
    public String describe() {
        return binary.toString();
    }

    @Override
    public synchronized List<ClusterNode> start() {
        Path root = ClusterDirectory.tempRoot();
        List<Path> leftovers = ClusterDirectory.removeLeftovers(root);
        if (!leftovers.isEmpty()) {
            LOG.info("{} - removed {} leftover cluster directories of earlier runs: {}", spec.name(), leftovers.size(),
                    leftovers);
        }
        directory = ClusterDirectory.create(root, spec.name());
        Path template = DataDirTemplate.obtain(binary, spec.name());
        for (int index = 0; index < spec.nodeCount(); index++) {
            Node node = prepare(index, template);
            nodes.add(node);
            node.process.launch();
        }
        List<ClusterNode> started = new ArrayList<>();
        for (Node node : nodes) {
            awaitStarted(node, true);
            node.node = new ClusterNode(ClusterSpec.nodeName(node.index), ServerConfig.LOOPBACK, node.port,
                    ClusterSpec.serverId(node.index), node.index == 0, spec.schema());
            started.add(node.node);
        }
        return started;
    }

    private Node prepare(int index, Path template) {
        Path nodeDirectory = directory.resolve(ClusterSpec.nodeName(index));
        try {
            Files.createDirectories(nodeDirectory.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + nodeDirectory, e);
        }
        DataDirTemplate.copy(template, nodeDirectory.resolve("data"));
        Node node = new Node(index, nodeDirectory, new ServerProcess(binary.path(), nodeDirectory), FreePorts.next());
        writeConfig(node);
        return node;
    }

    @Override
    public void persistRole(ClusterNode node, boolean primary) {
        Node local = find(node);
        local.role = primary ? ServerConfig.Role.PRIMARY : ServerConfig.Role.REPLICA;
        writeConfig(local);
    }

    private void writeConfig(Node node) {
        ServerConfig.Role role = node.role;
        Map<String, String> options = ServerConfig.merge(
                ServerConfig.files(flavor(), node.directory, node.directory.resolve("data")),
                ServerConfig.network(node.port),
                ServerConfig.speed(flavor()),
                ServerConfig.storage(flavor(), binary.version()),
                ServerConfig.replication(flavor(), role, ClusterSpec.serverId(node.index), node.port,
                        spec.generalLog()),
                spec.semiSync() ? ServerConfig.semiSync(flavor(), role) : Map.of());
        try {
            Files.writeString(node.directory.resolve(ServerProcess.CONFIG_FILE), ServerConfig.myCnf(flavor(), options));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the config of " + node.directory, e);
        }
    }

    /**
     * Waits until the node answers SQL. When its port was taken meanwhile, launches it again: on a new port while
     * the cluster starts, on the same port (after a pause) on restart.
     */
    private void awaitStarted(Node node, boolean mayChangePort) {
        String what = spec.name() + " " + ClusterSpec.nodeName(node.index);
        for (int attempt = 1; ; attempt++) {
            try {
                Sql.awaitAnswering(what + " on port " + node.port, url(node), START_TIMEOUT, node.process::failure);
                return;
            } catch (IllegalStateException e) {
                if (node.process.isAlive()) {
                    throw new IllegalStateException(e.getMessage() + "; " + node.process.logTail(), e);
                }
                if (!node.process.portWasTaken() || attempt >= PORT_ATTEMPTS) {
                    throw e;
                }
                int taken = node.port;
                if (mayChangePort) {
                    node.port = FreePorts.next();
                    writeConfig(node);
                } else {
                    Sql.sleep(Duration.ofMillis(500));
                }
                LOG.info("{} - port {} was taken; starting {} again on port {}", spec.name(), taken,
                        ClusterSpec.nodeName(node.index), node.port);
                node.process.launch();
            }
        }
    }

    private static String url(Node node) {
        return "jdbc:mysql://" + ServerConfig.LOOPBACK + ":" + node.port + "/";
    }

    @Override
    public void kill(ClusterNode node) {
        Node local = find(node);
        long started = System.nanoTime();
        long pid = local.process.pid();
        local.process.kill();
        LOG.info("{} - killed {} (SIGKILL to pid {}) in {} ms", spec.name(), node, pid, millisSince(started));
    }

    @Override
    public void freeze(ClusterNode node) {
        find(node).process.freeze();
        LOG.info("{} - froze {} (SIGSTOP)", spec.name(), node);
    }

    @Override
    public void thaw(ClusterNode node) {
        find(node).process.thaw();
        LOG.info("{} - thawed {} (SIGCONT)", spec.name(), node);
    }

    @Override
    public void restart(ClusterNode node) {
        Node local = find(node);
        long started = System.nanoTime();
        boolean wasRunning = local.process.isAlive();
        if (wasRunning) {
            local.process.stop(STOP_GRACE);
        }
        local.process.launch();
        awaitStarted(local, false);
        LOG.info("{} - {} {} in {} ms", spec.name(), wasRunning ? "restarted" : "started again", node,
                millisSince(started));
    }

    private synchronized Node find(ClusterNode node) {
        if (closed) {
            throw new IllegalStateException(spec.name() + " is closed");
        }
        for (Node local : nodes) {
            if (node.equals(local.node)) {
                return local;
            }
        }
        throw new IllegalArgumentException(node + " is not a node of cluster " + spec.name());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        nodes.forEach(node -> node.process.killNow());
        for (Node node : nodes) {
            if (!node.process.awaitExit(Duration.ofSeconds(30))) {
                LOG.warn("{} - {} (pid {}) did not exit after SIGKILL", spec.name(), ClusterSpec.nodeName(node.index),
                        node.process.pid());
            }
        }
        if (directory != null && !ClusterDirectory.delete(directory)) {
            LOG.warn("{} - could not remove {}", spec.name(), directory);
        }
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
