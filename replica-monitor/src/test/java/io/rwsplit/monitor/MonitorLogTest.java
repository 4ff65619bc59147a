package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorLogTest {

    private static final Endpoint R1 = new Endpoint("127.0.0.1", 33062);
    private static final Endpoint R2 = new Endpoint("127.0.0.1", 33063);
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private final HealthPolicy policy = new HealthPolicy(MonitorSettings.builder()
            .maxLag(Duration.ofMillis(1000)).restoreDwell(Duration.ofMillis(2000)).build());

    private static ReplicaStatus status(Endpoint endpoint, ReplicaState state, boolean serving, String reason,
                                        long lag, long behind) {
        return new ReplicaStatus(endpoint, state, serving, reason, lag, behind, null, 500, T, T, null);
    }

    @Test
    void aReplicaFallingBehind() {
        ReplicaStatus before = status(R1, ReplicaState.HEALTHY, true, "lag=0ms", 0, 0);
        ReplicaStatus after = status(R1, ReplicaState.LAGGING, false, "lag=3200ms > maxLag=1000ms (118 trx behind)",
                3200, 118);
        ReplicaSnapshot snapshot = ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(after,
                status(R2, ReplicaState.HEALTHY, true, "lag=0ms", 0, 0)), null);
        assertThat(MonitorLog.stateChange(before, after, false, snapshot, policy, 0))
                .isEqualTo("replica 127.0.0.1:33062 LAGGING: lag=3200ms > maxLag=1000ms (118 trx behind); reads use "
                        + "1/2 replicas");
    }

    @Test
    void aReplicaHealthyAgainButNotServingYet() {
        ReplicaStatus before = status(R1, ReplicaState.LAGGING, false, "lag=3200ms > maxLag=1000ms", 3200, 118);
        ReplicaStatus after = status(R1, ReplicaState.HEALTHY, false, "lag=20ms (0 trx behind)", 20, 0);
        ReplicaSnapshot snapshot = ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(after,
                status(R2, ReplicaState.HEALTHY, true, "lag=0ms", 0, 0)), null);
        assertThat(MonitorLog.stateChange(before, after, false, snapshot, policy, 0))
                .isEqualTo("replica 127.0.0.1:33062 HEALTHY: lag=20ms (0 trx behind); serving reads again once its "
                        + "lag stays <= 500ms for 2000ms; reads use 1/2 replicas");
    }

    @Test
    void aReplicaServingAgain() {
        ReplicaStatus before = status(R1, ReplicaState.HEALTHY, false, "lag=20ms", 20, 0);
        ReplicaStatus after = status(R1, ReplicaState.HEALTHY, true, "lag=10ms", 10, 0);
        ReplicaSnapshot snapshot = ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(after,
                status(R2, ReplicaState.HEALTHY, true, "lag=0ms", 0, 0)), null);
        assertThat(MonitorLog.stateChange(before, after, false, snapshot, policy, 2000))
                .isEqualTo("replica 127.0.0.1:33062 serving reads again after 2000ms under restoreLag=500ms; reads "
                        + "use 2/2 replicas");
    }

    @Test
    void theFirstObservation() {
        ReplicaStatus before = status(R1, ReplicaState.DOWN, false, "not probed yet", -1, -1);
        ReplicaStatus after = status(R1, ReplicaState.HEALTHY, true, "lag=0ms (0 trx behind)", 0, 0);
        ReplicaSnapshot snapshot = ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(after), null);
        assertThat(MonitorLog.stateChange(before, after, true, snapshot, policy, 0))
                .isEqualTo("replica 127.0.0.1:33062 HEALTHY: lag=0ms (0 trx behind); reads use 1/1 replicas");
    }

    @Test
    void theLagSummary() {
        ReplicaSnapshot snapshot = ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(
                status(R1, ReplicaState.HEALTHY, true, "lag=0ms", 0, 0),
                status(R2, ReplicaState.LAGGING, false, "lag=3200ms > maxLag=1000ms", 3200, 118),
                status(new Endpoint("127.0.0.1", 33064), ReplicaState.DOWN, false, "unreachable", -1, -1),
                status(new Endpoint("127.0.0.1", 33065), ReplicaState.LAGGING, false, "lag unknown", -1, -1),
                status(new Endpoint("127.0.0.1", 33066), ReplicaState.HEALTHY, false, "lag=20ms", 20, 0)), null);
        assertThat(MonitorLog.summary(snapshot)).isEqualTo("primary primary:3306; replica lag: 127.0.0.1:33062 HEALTHY 0ms, "
                + "127.0.0.1:33063 LAGGING 3200ms (118 trx), 127.0.0.1:33064 DOWN, 127.0.0.1:33065 LAGGING lag "
                + "unknown, 127.0.0.1:33066 HEALTHY 20ms not serving yet");
        assertThat(MonitorLog.summary(ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(), null)))
                .isEqualTo("primary primary:3306; replica lag: no replicas");
        assertThat(MonitorLog.summary(ReplicaSnapshot.of(T, null, "2 writable servers: a:1, b:2", List.of(), null)))
                .isEqualTo("no primary (2 writable servers: a:1, b:2); replica lag: no replicas");
    }
}
