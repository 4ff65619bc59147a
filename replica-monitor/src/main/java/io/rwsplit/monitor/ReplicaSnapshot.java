package io.rwsplit.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable picture of every replica's health, published whole by the monitor and read by the driver on every
 * statement. Everything the driver needs is computed once, when the snapshot is made: reading it never locks or
 * allocates.
 */
public final class ReplicaSnapshot {

    private final Instant takenAt;
    private final List<ReplicaStatus> replicas;
    private final List<Endpoint> serving;
    private final Map<Endpoint, ReplicaStatus> byEndpoint;
    private final ReplicationPosition primaryPosition;

    private ReplicaSnapshot(Instant takenAt, List<ReplicaStatus> replicas, ReplicationPosition primaryPosition) {
        this.takenAt = Objects.requireNonNull(takenAt, "takenAt");
        this.replicas = List.copyOf(replicas);
        this.primaryPosition = primaryPosition;
        Map<Endpoint, ReplicaStatus> map = new HashMap<>();
        List<Endpoint> inPool = new ArrayList<>(this.replicas.size());
        for (ReplicaStatus status : this.replicas) {
            if (map.put(status.endpoint(), status) != null) {
                throw new IllegalArgumentException("replica " + status.endpoint() + " is listed twice");
            }
            if (status.serving()) {
                inPool.add(status.endpoint());
            }
        }
        this.byEndpoint = Map.copyOf(map);
        this.serving = List.copyOf(inPool);
    }

    /**
     * A snapshot of these statuses, in this order (for tests of code that reads snapshots, and for the monitor).
     *
     * @param primaryPosition the primary's last known position; null when unknown
     */
    public static ReplicaSnapshot of(Instant takenAt, List<ReplicaStatus> replicas,
                                     ReplicationPosition primaryPosition) {
        return new ReplicaSnapshot(takenAt, replicas, primaryPosition);
    }

    /** When this snapshot was published. */
    public Instant takenAt() {
        return takenAt;
    }

    /** Every configured replica, in configured order. */
    public List<ReplicaStatus> replicas() {
        return replicas;
    }

    /** The replicas in the read pool, in configured order; empty when none may serve reads. */
    public List<Endpoint> serving() {
        return serving;
    }

    /** The replica's status; null for an endpoint that is not a configured replica. */
    public ReplicaStatus status(Endpoint endpoint) {
        return byEndpoint.get(endpoint);
    }

    /** Whether the endpoint is a configured replica in the read pool. */
    public boolean isServing(Endpoint endpoint) {
        ReplicaStatus status = byEndpoint.get(endpoint);
        return status != null && status.serving();
    }

    /** The primary's position at its last successful probe; null when it is not known yet. */
    public ReplicationPosition primaryPosition() {
        return primaryPosition;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ReplicaSnapshot[").append(takenAt).append(", serving ")
                .append(serving.size()).append('/').append(replicas.size());
        for (ReplicaStatus status : replicas) {
            text.append(", ").append(status.endpoint()).append(' ').append(status.state());
            if (status.lagKnown()) {
                text.append(' ').append(status.lagMillis()).append("ms");
            }
        }
        return text.append(']').toString();
    }
}
