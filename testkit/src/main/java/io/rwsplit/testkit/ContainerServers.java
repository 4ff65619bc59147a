package io.rwsplit.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The CONTAINER backend: one container per node with Testcontainers, on the host network so that each server listens
 * on its own free port of 127.0.0.1, like the LOCAL backend. The image must follow the official mysql and mariadb
 * images' contract: arguments starting with "-" go to the server, and the entrypoint provides an initialised datadir
 * with root's password from MYSQL_ROOT_PASSWORD or MARIADB_ROOT_PASSWORD (the local image that
 * {@code scripts/docker-engine.sh} builds does). The cluster then sets up replication with the same scripts as for
 * local servers. An image whose name contains "mariadb" runs as MariaDB, any other as MySQL.
 */
final class ContainerServers implements Servers {

    static final String IMAGE_PROPERTY = "rwsplit.testkit.image";
    static final String IMAGE_ENVIRONMENT_VARIABLE = "RWSPLIT_TESTKIT_IMAGE";
    static final String DEFAULT_IMAGE = "mysql:8.4";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerServers.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterSpec spec;
    private final String image;
    private final Flavor flavor;
    private final List<Node> nodes = new ArrayList<>();
    private boolean closed;

    /** One server: its port and container. */
    private record Node(int index, int port, GenericContainer<?> container, ClusterNode node) {
    }

    ContainerServers(ClusterSpec spec) {
        this.spec = spec;
        this.image = image();
        this.flavor = image.toLowerCase(Locale.ROOT).contains("mariadb") ? Flavor.MARIADB : Flavor.MYSQL;
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            String reason = "skipped: backend CONTAINER needs a reachable Docker engine and none was found "
                    + "(Testcontainers looked at DOCKER_HOST, the Docker socket and ~/.testcontainers.properties); "
                    + "start Docker, or use the LOCAL backend: -D" + Backend.PROPERTY + "=local";
            // Logged as well as thrown: JUnit turns the exception into a silent skip of the whole test class.
            LOG.warn("{} - {}", spec.name(), reason);
            throw new DockerUnavailableException(reason);
        }
    }

    /** The image named by {@value #IMAGE_PROPERTY} or {@value #IMAGE_ENVIRONMENT_VARIABLE}, else mysql:8.4. */
    static String image() {
        return Configured.lookup(IMAGE_PROPERTY, IMAGE_ENVIRONMENT_VARIABLE).map(Configured::value)
                .orElse(DEFAULT_IMAGE);
    }

    @Override
    public Flavor flavor() {
        return flavor;
    }

    @Override
    public String describe() {
        return "image " + image;
    }

    @Override
    public synchronized List<ClusterNode> start() {
        for (int index = 0; index < spec.nodeCount(); index++) {
            int port = FreePorts.next();
            ClusterNode node = new ClusterNode(ClusterSpec.nodeName(index), ServerConfig.LOOPBACK, port,
                    ClusterSpec.serverId(index), index == 0, spec.schema());
            nodes.add(new Node(index, port, newContainer(index, port), node));
        }
        ExecutorService starter = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (Node node : nodes) {
                starts.add(starter.submit(() -> node.container().start()));
            }
            for (int i = 0; i < starts.size(); i++) {
                await(starts.get(i), nodes.get(i));
            }
        } finally {
            starter.shutdownNow();
        }
        nodes.forEach(this::awaitAnswering);
        return nodes.stream().map(Node::node).toList();
    }

    private GenericContainer<?> newContainer(int index, int port) {
        ServerConfig.Role role = index == 0 ? ServerConfig.Role.PRIMARY : ServerConfig.Role.REPLICA;
        // MySQL keeps the image's default file sizes: their option names depend on the version, unknown until started.
        Map<String, String> options = ServerConfig.merge(
                ServerConfig.network(port),
                ServerConfig.speed(flavor),
                flavor == Flavor.MARIADB ? ServerConfig.mariaDbStorage() : Map.of(),
                ServerConfig.replication(flavor, role, ClusterSpec.serverId(index), port, spec.generalLog()),
                // Its arguments cannot change after creation, and a primary that is restarted has lost its role in a
                // failover: every container starts as a replica would (read-only; with semi-sync, MariaDB's replica
                // crash recovery, which rolls back the commits no replica acknowledged). The cluster makes the primary
                // writable.
                spec.semiSync() ? ServerConfig.semiSync(flavor, role) : Map.of(),
                spec.semiSync() ? ServerConfig.semiSyncRecoveryAsReplica(flavor) : Map.of(),
                Map.of("read_only", "ON"));
        String password = Accounts.ROOT.password();
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withLabel("io.rwsplit.testkit.cluster", spec.name())
                .withEnv("MYSQL_ROOT_PASSWORD", password)
                .withEnv("MARIADB_ROOT_PASSWORD", password)
                .withEnv("MYSQL_INITDB_SKIP_TZINFO", "1")
                .withEnv("MARIADB_INITDB_SKIP_TZINFO", "1")
                .withCommand(ServerConfig.arguments(options).toArray(String[]::new))
                // The entrypoint first runs a temporary server without networking ("port: 0"); wait for the real one.
                .waitingFor(Wait.forLogMessage("(?s).*port: " + port + "\\s.*", 1)
                        .withStartupTimeout(START_TIMEOUT));
    }

    private void await(Future<?> start, Node node) {
        try {
            start.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + describe(node), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(describe(node) + " did not start: " + e.getCause().getMessage()
                    + logTail(node), e.getCause());
        }
    }

    private void awaitAnswering(Node node) {
        Sql.awaitAnswering(describe(node), node.node().serverUrl(), START_TIMEOUT,
                () -> isRunning(node) ? null : "its container stopped" + logTail(node));
    }

    private String describe(Node node) {
        return spec.name() + " " + node.node().name() + " (" + image + ", port " + node.port() + ")";
    }

    private static String logTail(Node node) {
        try {
            List<String> lines = node.container().getLogs().lines().toList();
            return "; last lines of its log:\n  " + String.join("\n  ",
                    lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Override
    public void kill(ClusterNode node) {
        Node container = find(node);
        long started = System.nanoTime();
        docker().killContainerCmd(id(container)).exec();
        awaitState(container, false);
        LOG.info("{} - killed {} (docker kill) in {} ms", spec.name(), node, millisSince(started));
    }

    @Override
    public void freeze(ClusterNode node) {
        docker().pauseContainerCmd(id(find(node))).exec();
        LOG.info("{} - froze {} (docker pause)", spec.name(), node);
    }

    @Override
    public void thaw(ClusterNode node) {
        docker().unpauseContainerCmd(id(find(node))).exec();
        LOG.info("{} - thawed {} (docker unpause)", spec.name(), node);
    }

    /**
     * A container keeps the arguments it was created with: it starts read-only whatever its role, and the cluster
     * makes the primary writable after each start. The primary side of semi-synchronous replication is set by SQL.
     */
    @Override
    public void persistRole(ClusterNode node, boolean primary) {
        LOG.debug("{} - {} is now the {}", spec.name(), node, primary ? "primary" : "a replica");
    }

    @Override
    public void restart(ClusterNode node) {
        Node container = find(node);
        long started = System.nanoTime();
        ContainerState state = state(container);
        if (Boolean.TRUE.equals(state.getPaused())) {
            docker().unpauseContainerCmd(id(container)).exec();
        }
        boolean wasRunning = Boolean.TRUE.equals(state.getRunning());
        if (wasRunning) {
            docker().restartContainerCmd(id(container)).withTimeout((int) STATE_TIMEOUT.toSeconds()).exec();
        } else {
            docker().startContainerCmd(id(container)).exec();
        }
        awaitAnswering(container);
        LOG.info("{} - {} {} in {} ms", spec.name(), wasRunning ? "restarted" : "started again", node,
                millisSince(started));
    }

    private void awaitState(Node node, boolean running) {
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        while (isRunning(node) != running) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(describe(node) + " is still " + (running ? "stopped" : "running")
                        + " after " + STATE_TIMEOUT.toSeconds() + " s");
            }
            Sql.sleep(Duration.ofMillis(50));
        }
    }

    private boolean isRunning(Node node) {
        return Boolean.TRUE.equals(state(node).getRunning());
    }

    private static ContainerState state(Node node) {
        return docker().inspectContainerCmd(id(node)).exec().getState();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static String id(Node node) {
        return node.container().getContainerId();
    }

    private synchronized Node find(ClusterNode node) {
        if (closed) {
            throw new IllegalStateException(spec.name() + " is closed");
        }
        return nodes.stream().filter(candidate -> candidate.node().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(node + " is not a node of cluster " + spec.name()));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Node node : nodes) {
            try {
                node.container().stop();
            } catch (RuntimeException e) {
                LOG.warn("{} - could not remove the container of {}: {}", spec.name(), node.node(), e.toString());
            }
        }
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
