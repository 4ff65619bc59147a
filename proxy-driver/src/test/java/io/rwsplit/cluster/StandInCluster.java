package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.routing.LoadBalance;
import io.rwsplit.routing.NoReplicaPolicy;
import io.rwsplit.routing.Router;
import io.rwsplit.sql.SqlClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A {@link Cluster} of a primary and replicas that are {@link RecordingBackend}s over {@link StubServer}s, watched by
 * a {@link FixedHealth}: the real routing, dispatch and session code over servers that answer at once and log what
 * ran. Read-your-writes is off; round-robin balancing; a connection picks a replica for every read.
 */
public final class StandInCluster {

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final RecordingBackend primary;
    private final List<RecordingBackend> replicas = new ArrayList<>();
    private final List<RecordingBackend> promotedPrimaries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FixedHealth health;
    private final Cluster cluster;

    public StandInCluster(int replicaCount) {
        this(replicaCount, false);
    }

    /** @param optimistic whether transactions not declared read-only start on a replica */
    public StandInCluster(int replicaCount, boolean optimistic) {
        primary = new RecordingBackend(new Endpoint("primary", 3306), Backend.Role.PRIMARY,
                new StubServer("primary", log));
        List<Backend> backends = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 1; i <= replicaCount; i++) {
            String name = "replica" + i;
            RecordingBackend replica = new RecordingBackend(new Endpoint(name, 3306), Backend.Role.REPLICA,
                    new StubServer(name, log));
            replicas.add(replica);
            backends.add(replica);
            endpoints.add(replica.endpoint());
        }
        health = new FixedHealth(endpoints);
        List<Endpoint> seeds = new ArrayList<>();
        seeds.add(primary.endpoint());
        seeds.addAll(endpoints);
        cluster = new Cluster("stand-in", "app", seeds, this::open, health, new SqlClassifier(100, 65_536),
                new Router(NoReplicaPolicy.PRIMARY, optimistic), LoadBalance.ROUND_ROBIN, Map.of(),
                false);
    }

    /** The backend of a server in a role: the recorded ones; a new primary gets a new one, as pools do. */
    private Backend open(Endpoint endpoint, Backend.Role role) {
        if (role == Backend.Role.PRIMARY) {
            if (endpoint.equals(primary.endpoint())) {
                return primary;
            }
            RecordingBackend promoted = new RecordingBackend(endpoint, role, new StubServer(endpoint.host(), log));
            promotedPrimaries.add(promoted);
            return promoted;
        }
        for (RecordingBackend replica : replicas) {
            if (replica.endpoint().equals(endpoint)) {
                return replica;
            }
        }
        throw new IllegalArgumentException("no stand-in replica " + endpoint);
    }

    /** Primaries made after the first one (the monitor's stand-in moved the primary), in order. */
    public List<RecordingBackend> promotedPrimaries() {
        return List.copyOf(promotedPrimaries);
    }

    public Cluster cluster() {
        return cluster;
    }

    /** rwsplit.primaryWait. */
    public void primaryWait(java.time.Duration wait) {
        cluster.primaryWait(wait);
    }

    /** rwsplit.transactionJournalLimit for connections opened from now on. */
    public void journalLimit(long bytes) {
        cluster.transactionJournalLimit(bytes);
    }

    public RecordingBackend primary() {
        return primary;
    }

    /** Replica {@code number}, counted from 1. */
    public RecordingBackend replica(int number) {
        return replicas.get(number - 1);
    }

    public FixedHealth health() {
        return health;
    }

    /** What ran so far on every server, in order, as {@code "<server>: <sql>"}. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Forgets what ran so far. */
    public void clearLog() {
        log.clear();
    }

    /** What ran on one server so far, without the server's name. */
    public List<String> ranOn(String server) {
        String prefix = server + ": ";
        return log().stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .toList();
    }
}
