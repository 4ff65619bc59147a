package io.rwsplit.consistency;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.monitor.ReplicationPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which serving replicas have applied a position, by what is already known: pure, no I/O. */
final class Coverage {

    private Coverage() {
    }

    /**
     * Whether the replica is known to have applied {@code needed}: by the monitor's last view of its position, or
     * by an earlier wait on it that confirmed a position covering it.
     */
    static boolean knownToCover(ReplicaStatus status, ReplicationPosition confirmed, ReplicationPosition needed) {
        return (status.position() != null && status.position().covers(needed))
                || (confirmed != null && confirmed.covers(needed));
    }

    /**
     * The snapshot restricted to the serving replicas known to cover {@code needed}; the snapshot itself when all
     * of them do; null when none does.
     */
    static ReplicaSnapshot covering(ReplicaSnapshot snapshot, ReplicationPosition needed,
                                    Map<Endpoint, ReplicationPosition> confirmed) {
        List<ReplicaStatus> restricted = new ArrayList<>(snapshot.replicas().size());
        int covering = 0;
        for (ReplicaStatus status : snapshot.replicas()) {
            if (!status.serving()) {
                restricted.add(status);
            } else if (knownToCover(status, confirmed.get(status.endpoint()), needed)) {
                restricted.add(status);
                covering++;
            } else {
                restricted.add(withoutServing(status));
            }
        }
        if (covering == 0) {
            return null;
        }
        if (covering == snapshot.serving().size()) {
            return snapshot;
        }
        return ReplicaSnapshot.of(snapshot.takenAt(), restricted, snapshot.primaryPosition());
    }

    /**
     * The snapshot restricted to the serving replica the monitor last saw closest to {@code needed} (fewest
     * transactions missing; unknown counts as farthest): the one to wait on when none is known to cover it.
     */
    static ReplicaSnapshot closest(ReplicaSnapshot snapshot, ReplicationPosition needed) {
        ReplicaStatus best = null;
        long bestMissing = Long.MAX_VALUE;
        for (ReplicaStatus status : snapshot.replicas()) {
            if (!status.serving()) {
                continue;
            }
            long missing = status.position() == null ? -1 : status.position().transactionsMissing(needed);
            long rank = missing < 0 ? Long.MAX_VALUE - 1 : missing;
            if (best == null || rank < bestMissing) {
                best = status;
                bestMissing = rank;
            }
        }
        if (best == null || snapshot.serving().size() == 1) {
            return snapshot;
        }
        List<ReplicaStatus> restricted = new ArrayList<>(snapshot.replicas().size());
        for (ReplicaStatus status : snapshot.replicas()) {
            restricted.add(status == best || !status.serving() ? status : withoutServing(status));
        }
        return ReplicaSnapshot.of(snapshot.takenAt(), restricted, snapshot.primaryPosition());
    }

    private static ReplicaStatus withoutServing(ReplicaStatus s) {
        return new ReplicaStatus(s.endpoint(), s.state(), false, "has not applied this session's last write",
                s.lagMillis(), s.transactionsBehind(), s.position(), s.probeMicros(), s.since(), s.observedAt(),
                s.lastError());
    }
}
