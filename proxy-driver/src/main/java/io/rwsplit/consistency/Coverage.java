package io.rwsplit.consistency;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.monitor.ReplicationPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Which serving replicas may serve a read that must see a position, by what is already known: pure, no I/O. */
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
     * The snapshot restricted to the serving replicas worth sending the read to: those known to have applied
     * {@code needed}, and those whose last measured lag is under {@code promptLagMillis} (likely to apply it within
     * a wait; the monitor's view of positions is a poll old, so a caught-up replica often looks behind) unless a
     * wait on them just timed out. When there is none, the ones the monitor saw closest to {@code needed}, to wait
     * on. The snapshot itself when every serving replica qualifies, so the balancer keeps its spread.
     */
    static ReplicaSnapshot candidates(ReplicaSnapshot snapshot, ReplicationPosition needed,
                                      Map<Endpoint, ReplicationPosition> confirmed, long promptLagMillis,
                                      Predicate<Endpoint> justTimedOut) {
        ReplicaSnapshot worth = restrict(snapshot, s -> knownToCover(s, confirmed.get(s.endpoint()), needed)
                || (s.lagKnown() && s.lagMillis() < promptLagMillis && !justTimedOut.test(s.endpoint())));
        return worth != null ? worth : closest(snapshot, needed);
    }

    /**
     * The snapshot restricted to the serving replicas known to have applied {@code needed}; one with none serving
     * when no replica is known to.
     */
    static ReplicaSnapshot covering(ReplicaSnapshot snapshot, ReplicationPosition needed,
                                    Map<Endpoint, ReplicationPosition> confirmed) {
        ReplicaSnapshot covering = restrict(snapshot, s -> knownToCover(s, confirmed.get(s.endpoint()), needed));
        if (covering != null) {
            return covering;
        }
        List<ReplicaStatus> none = new ArrayList<>(snapshot.replicas().size());
        for (ReplicaStatus status : snapshot.replicas()) {
            none.add(status.serving() ? withoutServing(status) : status);
        }
        return snapshot.withReplicas(none);
    }

    /**
     * The snapshot restricted to the serving replicas the monitor last saw closest to {@code needed} (fewest
     * transactions missing; unknown counts as farthest), all of them when equally close.
     */
    static ReplicaSnapshot closest(ReplicaSnapshot snapshot, ReplicationPosition needed) {
        long fewest = Long.MAX_VALUE;
        for (ReplicaStatus status : snapshot.replicas()) {
            if (status.serving()) {
                fewest = Math.min(fewest, missing(status, needed));
            }
        }
        long best = fewest;
        ReplicaSnapshot closest = restrict(snapshot, s -> missing(s, needed) == best);
        return closest != null ? closest : snapshot;
    }

    private static long missing(ReplicaStatus status, ReplicationPosition needed) {
        long missing = status.position() == null ? -1 : status.position().transactionsMissing(needed);
        return missing < 0 ? Long.MAX_VALUE : missing;
    }

    /** The snapshot with only the serving replicas that pass still serving; itself if all do; null if none does. */
    private static ReplicaSnapshot restrict(ReplicaSnapshot snapshot, Predicate<ReplicaStatus> passes) {
        List<ReplicaStatus> restricted = new ArrayList<>(snapshot.replicas().size());
        int passed = 0;
        for (ReplicaStatus status : snapshot.replicas()) {
            if (!status.serving()) {
                restricted.add(status);
            } else if (passes.test(status)) {
                restricted.add(status);
                passed++;
            } else {
                restricted.add(withoutServing(status));
            }
        }
        if (passed == 0) {
            return null;
        }
        return passed == snapshot.serving().size() ? snapshot
                : snapshot.withReplicas(restricted);
    }

    private static ReplicaStatus withoutServing(ReplicaStatus s) {
        return new ReplicaStatus(s.endpoint(), s.state(), false, "has not applied this session's last write",
                s.lagMillis(), s.transactionsBehind(), s.position(), s.probeMicros(), s.since(), s.observedAt(),
                s.lastError());
    }
}
