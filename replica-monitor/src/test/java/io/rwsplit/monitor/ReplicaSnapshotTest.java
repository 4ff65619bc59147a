package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSnapshotTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final Endpoint R1 = new Endpoint("db-r1", 3306);
    private static final Endpoint R2 = new Endpoint("db-r2", 3306);
    private static final Endpoint R3 = new Endpoint("db-r3", 3306);

    private static ReplicaStatus status(Endpoint endpoint, ReplicaState state, boolean serving) {
        return new ReplicaStatus(endpoint, state, serving, "test", 0, 0, null, 0, T, T, null);
    }

    @Test
    void precomputesTheServingReplicasInConfiguredOrder() {
        ReplicaSnapshot snapshot = ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(status(R3, ReplicaState.HEALTHY, true),
                status(R1, ReplicaState.LAGGING, false), status(R2, ReplicaState.HEALTHY, true)), null);
        assertThat(snapshot.serving()).containsExactly(R3, R2);
        assertThat(snapshot.isServing(R3)).isTrue();
        assertThat(snapshot.isServing(R1)).isFalse();
        assertThat(snapshot.isServing(new Endpoint("elsewhere", 1))).isFalse();
        assertThat(snapshot.status(R1).state()).isEqualTo(ReplicaState.LAGGING);
        assertThat(snapshot.status(new Endpoint("elsewhere", 1))).isNull();
        assertThat(snapshot.replicas()).extracting(ReplicaStatus::endpoint).containsExactly(R3, R1, R2);
        assertThat(snapshot.takenAt()).isEqualTo(T);
        assertThat(snapshot.primaryPosition()).isNull();
        assertThat(snapshot.serving()).isSameAs(snapshot.serving());
        assertThat(snapshot).hasToString("ReplicaSnapshot[2026-11-25T10:00:00Z, primary primary:3306, serving 2/3, db-r3:3306 HEALTHY 0ms, "
                + "db-r1:3306 LAGGING 0ms, db-r2:3306 HEALTHY 0ms]");
    }

    @Test
    void isImmutable() {
        ReplicaSnapshot snapshot = ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(status(R1, ReplicaState.HEALTHY, true)),
                ReplicationPosition.parseMariaDbGtid("0-1-5"));
        assertThatThrownBy(() -> snapshot.serving().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.replicas().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(snapshot.primaryPosition()).hasToString("0-1-5");
    }

    @Test
    void rejectsAServingReplicaThatIsNotHealthyAndDuplicates() {
        assertThatThrownBy(() -> status(R1, ReplicaState.LAGGING, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplicaSnapshot.of(T, new Endpoint("primary", 3306), null, List.of(status(R1, ReplicaState.HEALTHY, true),
                status(R1, ReplicaState.HEALTHY, true)), null)).isInstanceOf(IllegalArgumentException.class);
    }
}
