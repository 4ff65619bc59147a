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
    private final Endpoint primary;
    private final String primaryProblem;

    private ReplicaSnapshot(Instant takenAt, Endpoint primary, String primaryProblem, List<ReplicaStatus> replicas,
                            ReplicationPosition primaryPosition) {
        this.takenAt = Objects.requireNonNull(takenAt, "takenAt");
        if ((primary == null) == (primaryProblem == null)) {
            throw new IllegalArgumentException("a snapshot names either the primary or why there is none: primary="
                    + primary + ", problem=" + primaryProblem);
        }
        this.primary = primary;
        this.primaryProblem = primaryProblem;
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
     * A snapshot of these statuses, in this order, with the primary known (for the monitor, and for tests of code
     * that reads snapshots).
     *
     * @param primary         the one primary; null when there is none, and then {@code primaryProblem} says why
     * @param primaryProblem  why no primary is known; null when {@code primary} is given
     * @param replicas        every other server the monitor knows
     * @param primaryPosition the primary's last known position; null when unknown
     */
    public static ReplicaSnapshot of(Instant takenAt, Endpoint primary, String primaryProblem,
                                     List<ReplicaStatus> replicas, ReplicationPosition primaryPosition) {
        return new ReplicaSnapshot(takenAt, primary, primaryProblem, replicas, primaryPosition);
    }

    /**
     * The one server the monitor believes is the primary now: writable, not replicating, and the only such server
     * it can reach. Null while there is none or more than one; {@link #primaryProblem()} then says why.
     */
    public Endpoint primary() {
        return primary;
    }

    /** This snapshot with other replica statuses (e.g. fewer serving), the primary and its position kept. */
    public ReplicaSnapshot withReplicas(List<ReplicaStatus> statuses) {
        return new ReplicaSnapshot(takenAt, primary, primaryProblem, statuses, primaryPosition);
    }

    /** Why no primary is known (e.g. two writable servers); null while {@link #primary()} is known. */
    public String primaryProblem() {
        return primaryProblem;
    }

    /** When this snapshot was published. */
    public Instant takenAt() {
        return takenAt;
    }

    /** Every server the monitor knows but the primary: seeds in URL order, then discovered ones. */
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
        StringBuilder text = new StringBuilder("ReplicaSnapshot[").append(takenAt).append(", primary ")
                .append(primary != null ? primary.toString() : "none (" + primaryProblem + ")").append(", serving ")
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
