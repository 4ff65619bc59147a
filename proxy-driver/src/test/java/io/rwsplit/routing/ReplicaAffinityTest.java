package io.rwsplit.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaAffinityTest {

    private static final Endpoint R1 = new Endpoint("r1", 3306);
    private static final Endpoint R2 = new Endpoint("r2", 3306);
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final ReplicaBalancer roundRobin = new ReplicaBalancer(LoadBalance.ROUND_ROBIN, Map.of(), e -> 0);
    private final ReplicaSnapshot both = snapshot(serving(R1), serving(R2));

    @Test
    void keepsItsReplicaWithinTheInterval() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ofSeconds(1));
        Endpoint first = affinity.pick(both, 0);
        for (long at = 0; at < SECOND; at += SECOND / 10) {
            assertThat(affinity.pick(both, at)).isEqualTo(first);
        }
    }

    @Test
    void picksAgainOnceTheIntervalHasPassed() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ofSeconds(1));
        Endpoint first = affinity.pick(both, 0);
        Endpoint second = affinity.pick(both, SECOND);
        assertThat(second).isNotEqualTo(first);
        assertThat(affinity.pick(both, SECOND + SECOND / 2)).isEqualTo(second);
    }

    @Test
    void picksForEveryStatementWithAZeroInterval() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ZERO);
        Set<Endpoint> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            seen.add(affinity.pick(both, 0));
        }
        assertThat(seen).containsExactlyInAnyOrder(R1, R2);
    }

    @Test
    void leavesAReplicaThatStopsServingAtOnce() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ofHours(1));
        Endpoint first = affinity.pick(both, 0);
        Endpoint other = first.equals(R1) ? R2 : R1;
        ReplicaSnapshot firstLagging = snapshot(notServing(first), serving(other));
        assertThat(affinity.pick(firstLagging, 1)).isEqualTo(other);
        assertThat(affinity.pick(both, 2)).as("and stays where it went").isEqualTo(other);
    }

    @Test
    void followsTheCandidatesOfARead() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ofHours(1));
        Endpoint first = affinity.pick(both, 0);
        Endpoint other = first.equals(R1) ? R2 : R1;
        // Read-your-writes: only the replica that has applied the write is a candidate.
        assertThat(affinity.pick(snapshot(serving(other)), 1)).isEqualTo(other);
    }

    @Test
    void picksAnotherAfterItsReplicaFailedToConnect() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ofHours(1));
        Endpoint first = affinity.pick(both, 0);
        affinity.forget(first);
        Endpoint second = affinity.pick(both, 1);
        assertThat(second).isNotEqualTo(first);
        affinity.forget(first);
        assertThat(affinity.pick(both, 2)).as("forgetting another replica changes nothing").isEqualTo(second);
    }

    @Test
    void answersNullWhenNoReplicaServes() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ofHours(1));
        affinity.pick(both, 0);
        assertThat(affinity.pick(snapshot(notServing(R1), notServing(R2)), 1)).isNull();
        assertThat(affinity.pick(both, 2)).isNotNull();
    }

    @Test
    void spreadsConnectionsOverTheReplicas() {
        Set<Endpoint> picked = new HashSet<>();
        for (int connection = 0; connection < 2; connection++) {
            picked.add(new ReplicaAffinity(roundRobin, Duration.ofHours(1)).pick(both, 0));
        }
        assertThat(picked).containsExactlyInAnyOrder(R1, R2);
    }

    private static ReplicaSnapshot snapshot(ReplicaStatus... statuses) {
        return ReplicaSnapshot.of(Instant.now(), new Endpoint("primary", 3306), null, new ArrayList<>(List.of(statuses)), null);
    }

    private static ReplicaStatus serving(Endpoint endpoint) {
        return status(endpoint, ReplicaState.HEALTHY, true);
    }

    private static ReplicaStatus notServing(Endpoint endpoint) {
        return status(endpoint, ReplicaState.LAGGING, false);
    }

    private static ReplicaStatus status(Endpoint endpoint, ReplicaState state, boolean serving) {
        Instant now = Instant.now();
        return new ReplicaStatus(endpoint, state, serving, "test", serving ? 0 : 5000, 0, null, 100, now, now, null);
    }
}
