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
    void theNextReadGoesToTheReplicaAskedAboutEvenWithAZeroInterval() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ZERO);
        List<Endpoint> reads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Endpoint asked = affinity.next(both, 0);
            assertThat(affinity.next(both, 0)).as("asking again does not move on").isEqualTo(asked);
            Endpoint read = affinity.pick(both, 0);
            assertThat(read).isEqualTo(asked);
            reads.add(read);
        }
        assertThat(reads.get(1)).isNotEqualTo(reads.get(0));
        assertThat(reads).as("one balancer turn per read: round-robin alternates").containsExactly(reads.get(0),
                reads.get(1), reads.get(0), reads.get(1), reads.get(0), reads.get(1));
    }

    @Test
    void askingKeepsAnExpiredPickForTheNextReadOnlyOnce() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ofSeconds(1));
        Endpoint first = affinity.pick(both, 0);
        assertThat(affinity.next(both, SECOND / 2)).isEqualTo(first);
        assertThat(affinity.pick(both, SECOND / 2)).isEqualTo(first);
        Endpoint asked = affinity.next(both, 2 * SECOND);
        assertThat(asked).as("the interval has passed: a new pick, kept for the next read").isNotEqualTo(first);
        assertThat(affinity.pick(both, 5 * SECOND)).isEqualTo(asked);
        assertThat(affinity.pick(both, 7 * SECOND)).as("then the interval rules again").isEqualTo(first);
    }

    @Test
    void theReplicaAskedAboutIsLeftWhenItStopsServingOrFails() {
        ReplicaAffinity affinity = new ReplicaAffinity(roundRobin, Duration.ofHours(1));
        Endpoint asked = affinity.next(both, 0);
        Endpoint other = asked.equals(R1) ? R2 : R1;
        assertThat(affinity.pick(snapshot(notServing(asked), serving(other)), 0)).isEqualTo(other);
        assertThat(affinity.next(both, 0)).as("it stays on the one it moved to").isEqualTo(other);
        affinity.forget(other);
        assertThat(affinity.next(snapshot(serving(asked), notServing(other)), 0)).isEqualTo(asked);
        assertThat(affinity.next(snapshot(notServing(R1), notServing(R2)), 0)).isNull();
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
