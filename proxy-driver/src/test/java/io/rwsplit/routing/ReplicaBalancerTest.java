package io.rwsplit.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplicaBalancerTest {

    private static final Endpoint R1 = new Endpoint("r1", 3306);
    private static final Endpoint R2 = new Endpoint("r2", 3306);
    private static final Endpoint R3 = new Endpoint("r3", 3306);

    @Test
    void roundRobinVisitsEveryServingReplicaInTurn() {
        ReplicaBalancer balancer = balancer(LoadBalance.ROUND_ROBIN);
        ReplicaSnapshot snapshot = snapshot(serving(R1, 0), serving(R2, 0), serving(R3, 0));
        Map<Endpoint, Integer> picks = pick(balancer, snapshot, 300);
        assertThat(picks).containsEntry(R1, 100).containsEntry(R2, 100).containsEntry(R3, 100);
    }

    @ParameterizedTest
    @EnumSource(LoadBalance.class)
    void neverPicksAReplicaThatDoesNotServe(LoadBalance strategy) {
        ReplicaBalancer balancer = balancer(strategy);
        ReplicaSnapshot snapshot = snapshot(serving(R1, 0), notServing(R2, ReplicaState.LAGGING),
                serving(R3, 10));
        assertThat(pick(balancer, snapshot, 500).keySet()).isNotEmpty().isSubsetOf(R1, R3);
    }

    @ParameterizedTest
    @EnumSource(LoadBalance.class)
    void answersNullWhenNoReplicaServes(LoadBalance strategy) {
        ReplicaSnapshot snapshot = snapshot(notServing(R1, ReplicaState.DOWN), notServing(R2, ReplicaState.STOPPED));
        assertThat(balancer(strategy).pick(snapshot)).isNull();
        assertThat(balancer(strategy).pick(snapshot())).isNull();
    }

    @ParameterizedTest
    @EnumSource(LoadBalance.class)
    void picksTheOnlyServingReplica(LoadBalance strategy) {
        ReplicaSnapshot snapshot = snapshot(notServing(R1, ReplicaState.DOWN), serving(R2, 50));
        assertThat(pick(balancer(strategy), snapshot, 20)).containsOnlyKeys(R2);
    }

    @Test
    void randomSpreadsReadsRoughlyEvenly() {
        Map<Endpoint, Integer> picks = pick(balancer(LoadBalance.RANDOM),
                snapshot(serving(R1, 0), serving(R2, 0)), 20_000);
        assertThat(picks.get(R1) / 20_000.0).isCloseTo(0.5, within(0.03));
    }

    @Test
    void weightedFollowsTheWeights() {
        ReplicaBalancer balancer = new ReplicaBalancer(LoadBalance.WEIGHTED, Map.of(R1, 3, R2, 1), e -> 0);
        Map<Endpoint, Integer> picks = pick(balancer, snapshot(serving(R1, 0), serving(R2, 0)), 40_000);
        assertThat(picks.get(R1) / 40_000.0).isCloseTo(0.75, within(0.02));
    }

    @Test
    void weightedRenormalisesWhenAReplicaLeaves() {
        ReplicaBalancer balancer = new ReplicaBalancer(LoadBalance.WEIGHTED, Map.of(R1, 3, R2, 1, R3, 4), e -> 0);
        Map<Endpoint, Integer> picks = pick(balancer,
                snapshot(serving(R1, 0), serving(R2, 0), notServing(R3, ReplicaState.DOWN)), 40_000);
        assertThat(picks).containsOnlyKeys(R1, R2);
        assertThat(picks.get(R1) / 40_000.0).isCloseTo(0.75, within(0.02));
    }

    @Test
    void leastConnectionsPicksTheLeastBusyPool() {
        Map<Endpoint, Integer> active = new HashMap<>(Map.of(R1, 5, R2, 1, R3, 3));
        ReplicaBalancer balancer = new ReplicaBalancer(LoadBalance.LEAST_CONNECTIONS, Map.of(), active::get);
        ReplicaSnapshot snapshot = snapshot(serving(R1, 0), serving(R2, 0), serving(R3, 0));
        assertThat(pick(balancer, snapshot, 10)).containsOnlyKeys(R2);
        active.put(R2, 9);
        assertThat(pick(balancer, snapshot, 10)).containsOnlyKeys(R3);
    }

    @Test
    void leastConnectionsSpreadsTies() {
        ReplicaBalancer balancer = new ReplicaBalancer(LoadBalance.LEAST_CONNECTIONS, Map.of(), e -> 2);
        assertThat(pick(balancer, snapshot(serving(R1, 0), serving(R2, 0)), 100))
                .containsEntry(R1, 50).containsEntry(R2, 50);
    }

    @Test
    void lowestLagPicksTheFreshestReplica() {
        ReplicaBalancer balancer = balancer(LoadBalance.LOWEST_LAG);
        ReplicaSnapshot snapshot = snapshot(serving(R1, 400), serving(R2, 20), serving(R3, 900));
        assertThat(pick(balancer, snapshot, 10)).containsOnlyKeys(R2);
    }

    @Test
    void lowestLagSpreadsTiesAndRanksUnknownLagLast() {
        ReplicaBalancer balancer = balancer(LoadBalance.LOWEST_LAG);
        ReplicaSnapshot snapshot = snapshot(serving(R1, 0), serving(R2, 0), serving(R3, -1));
        assertThat(pick(balancer, snapshot, 100)).containsEntry(R1, 50).containsEntry(R2, 50);
    }

    private static ReplicaBalancer balancer(LoadBalance strategy) {
        return new ReplicaBalancer(strategy, Map.of(), e -> 0);
    }

    private static Map<Endpoint, Integer> pick(ReplicaBalancer balancer, ReplicaSnapshot snapshot, int times) {
        Map<Endpoint, Integer> picks = new HashMap<>();
        for (int i = 0; i < times; i++) {
            picks.merge(balancer.pick(snapshot), 1, Integer::sum);
        }
        return picks;
    }

    private static ReplicaSnapshot snapshot(ReplicaStatus... statuses) {
        return ReplicaSnapshot.of(Instant.now(), new Endpoint("primary", 3306), null, new ArrayList<>(List.of(statuses)), null);
    }

    private static ReplicaStatus serving(Endpoint endpoint, long lagMillis) {
        return status(endpoint, ReplicaState.HEALTHY, true, lagMillis);
    }

    private static ReplicaStatus notServing(Endpoint endpoint, ReplicaState state) {
        return status(endpoint, state, false, -1);
    }

    private static ReplicaStatus status(Endpoint endpoint, ReplicaState state, boolean serving, long lagMillis) {
        Instant now = Instant.now();
        return new ReplicaStatus(endpoint, state, serving, "test", lagMillis, 0, null, 100, now, now, null);
    }
}
