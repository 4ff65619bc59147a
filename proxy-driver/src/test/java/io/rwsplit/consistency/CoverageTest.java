package io.rwsplit.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.monitor.ReplicationPosition;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static final Endpoint R1 = new Endpoint("r1", 3306);
    private static final Endpoint R2 = new Endpoint("r2", 3306);
    private static final Endpoint R3 = new Endpoint("r3", 3306);
    private static final Map<Endpoint, ReplicationPosition> NONE_CONFIRMED = Map.of();
    private static final Predicate<Endpoint> NOT_TIMED_OUT = endpoint -> false;

    @Test
    void aReplicaCoversWhatItsMonitoredPositionIncludes() {
        assertThat(Coverage.knownToCover(serving(R1, "0-1-10"), null, gtid("0-1-10"))).isTrue();
        assertThat(Coverage.knownToCover(serving(R1, "0-1-11"), null, gtid("0-1-10"))).isTrue();
        assertThat(Coverage.knownToCover(serving(R1, "0-1-9"), null, gtid("0-1-10"))).isFalse();
    }

    @Test
    void coverageIsPerDomainAndIgnoresTheServerId() {
        assertThat(Coverage.knownToCover(serving(R1, "0-2-10,1-1-5"), null, gtid("0-1-10,1-1-5"))).isTrue();
        assertThat(Coverage.knownToCover(serving(R1, "0-1-10"), null, gtid("0-1-10,1-1-1"))).isFalse();
    }

    @Test
    void anEarlierWaitMakesAReplicaCoverWhatTheMonitorHasNotSeenYet() {
        assertThat(Coverage.knownToCover(serving(R1, "0-1-3"), gtid("0-1-10"), gtid("0-1-10"))).isTrue();
        assertThat(Coverage.knownToCover(serving(R1, null), gtid("0-1-10"), gtid("0-1-9"))).isTrue();
        assertThat(Coverage.knownToCover(serving(R1, null), gtid("0-1-8"), gtid("0-1-9"))).isFalse();
    }

    @Test
    void anUnknownOrOtherKindOfPositionCoversNothing() {
        assertThat(Coverage.knownToCover(serving(R1, null), null, gtid("0-1-1"))).isFalse();
        ReplicaStatus binlog = status(R1, true, ReplicationPosition.binlog("mysql-bin.000001", 400));
        assertThat(Coverage.knownToCover(binlog, null, gtid("0-1-1"))).isFalse();
    }

    @Test
    void mySqlGtidSetsCoverBySetInclusion() {
        String uuid = "3E11FA47-71CA-11E1-9E33-C80AA9429562";
        ReplicaStatus replica = status(R1, true, ReplicationPosition.parseMySqlGtidSet(uuid + ":1-10"));
        assertThat(Coverage.knownToCover(replica, null, ReplicationPosition.parseMySqlGtidSet(uuid + ":10")))
                .isTrue();
        assertThat(Coverage.knownToCover(replica, null, ReplicationPosition.parseMySqlGtidSet(uuid + ":11")))
                .isFalse();
    }

    @Test
    void theSnapshotItselfWhenEveryServingReplicaCovers() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-10"), serving(R2, "0-1-12"), notServing(R3, "0-1-1"));
        assertThat(Coverage.candidates(snapshot, gtid("0-1-10"), NONE_CONFIRMED, 0, NOT_TIMED_OUT)).isSameAs(snapshot);
    }

    @Test
    void onlyTheCoveringReplicasServeInTheRestrictedSnapshot() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-9"), serving(R2, "0-1-12"), serving(R3, "0-1-10"));
        ReplicaSnapshot covering = Coverage.candidates(snapshot, gtid("0-1-10"), NONE_CONFIRMED, 0, NOT_TIMED_OUT);
        assertThat(covering.serving()).containsExactly(R2, R3);
        assertThat(covering.replicas()).hasSize(3);
        assertThat(covering.status(R1).reason()).contains("not applied");
    }

    @Test
    void aReplicaLaggingLessThanTheWaitIsACandidateToWaitOn() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-10", 0), serving(R2, "0-1-9", 30),
                serving(R3, "0-1-5", 1500));
        ReplicaSnapshot candidates = Coverage.candidates(snapshot, gtid("0-1-10"), NONE_CONFIRMED, 200, NOT_TIMED_OUT);
        assertThat(candidates.serving()).containsExactly(R1, R2);
    }

    @Test
    void aPromptReplicaWhoseWaitJustTimedOutIsNoCandidateUnlessItCovers() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-9", 0), serving(R2, "0-1-9", 0),
                serving(R3, "0-1-10", 0));
        ReplicaSnapshot candidates = Coverage.candidates(snapshot, gtid("0-1-10"), NONE_CONFIRMED, 200,
                endpoint -> !endpoint.equals(R1));
        assertThat(candidates.serving()).containsExactly(R1, R3);
    }

    @Test
    void anUnknownLagIsNoReasonToWait() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-10", 0), serving(R2, "0-1-9", -1));
        assertThat(Coverage.candidates(snapshot, gtid("0-1-10"), NONE_CONFIRMED, 200, NOT_TIMED_OUT).serving())
                .containsExactly(R1);
    }

    @Test
    void everyPromptReplicaKeepsTheBalancersSpreadRightAfterAWrite() {
        // The monitor's positions are a poll old: right after a write no replica is known to have it.
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-9", 0), serving(R2, "0-1-9", 0));
        assertThat(Coverage.candidates(snapshot, gtid("0-1-10"), NONE_CONFIRMED, 200, NOT_TIMED_OUT)).isSameAs(snapshot);
    }

    @Test
    void aReplicaOutOfTheReadPoolStaysOutEvenIfItCovers() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-9"), notServing(R2, "0-1-50"));
        assertThat(Coverage.candidates(snapshot, gtid("0-1-10"), NONE_CONFIRMED, 0, NOT_TIMED_OUT).serving())
                .containsExactly(R1);
    }

    @Test
    void theClosestWhenNoServingReplicaCoversOrIsPrompt() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-4", 5000), serving(R2, "0-1-8", 3000),
                serving(R3, null));
        assertThat(Coverage.candidates(snapshot, gtid("0-1-10"), NONE_CONFIRMED, 200, NOT_TIMED_OUT).serving())
                .containsExactly(R2);
    }

    @Test
    void confirmedPositionsCountForTheRestriction() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-9"), serving(R2, "0-1-9"));
        Map<Endpoint, ReplicationPosition> confirmed = new HashMap<>();
        confirmed.put(R2, gtid("0-1-10"));
        assertThat(Coverage.candidates(snapshot, gtid("0-1-10"), confirmed, 0, NOT_TIMED_OUT).serving()).containsExactly(R2);
    }

    @Test
    void closestIsTheServingReplicaMissingFewestTransactions() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-5"), serving(R2, "0-1-9"), serving(R3, "0-1-7"));
        assertThat(Coverage.closest(snapshot, gtid("0-1-10")).serving()).containsExactly(R2);
    }

    @Test
    void closestRanksAnUnknownPositionLast() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, null), serving(R2, "0-1-1"));
        assertThat(Coverage.closest(snapshot, gtid("0-1-1000")).serving()).containsExactly(R2);
    }

    @Test
    void closestIgnoresReplicasOutOfTheReadPool() {
        ReplicaSnapshot snapshot = snapshot(notServing(R1, "0-1-10"), serving(R2, "0-1-1"), serving(R3, "0-1-2"));
        assertThat(Coverage.closest(snapshot, gtid("0-1-10")).serving()).containsExactly(R3);
    }

    @Test
    void closestKeepsEquallyCloseReplicasForTheBalancer() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, "0-1-5"), serving(R2, "0-1-7"), serving(R3, "0-1-7"));
        assertThat(Coverage.closest(snapshot, gtid("0-1-10")).serving()).containsExactly(R2, R3);
    }

    @Test
    void closestOfASingleServingReplicaIsTheSnapshotItself() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, null), notServing(R2, "0-1-3"));
        assertThat(Coverage.closest(snapshot, gtid("0-1-10"))).isSameAs(snapshot);
    }

    @Test
    void closestOfReplicasAllOfUnknownPositionIsEveryOne() {
        ReplicaSnapshot snapshot = snapshot(serving(R1, null), serving(R2, null));
        assertThat(Coverage.closest(snapshot, gtid("0-1-10"))).isSameAs(snapshot);
    }

    private static ReplicationPosition gtid(String text) {
        return ReplicationPosition.parseMariaDbGtid(text);
    }

    private static ReplicaSnapshot snapshot(ReplicaStatus... statuses) {
        return ReplicaSnapshot.of(Instant.now(), new Endpoint("primary", 3306), null, List.of(statuses), null);
    }

    /** A serving replica whose lag is unknown: only its position counts. */
    private static ReplicaStatus serving(Endpoint endpoint, String position) {
        return serving(endpoint, position, -1);
    }

    private static ReplicaStatus serving(Endpoint endpoint, String position, long lagMillis) {
        return status(endpoint, true, position == null ? null : gtid(position), lagMillis);
    }

    private static ReplicaStatus notServing(Endpoint endpoint, String position) {
        return status(endpoint, false, gtid(position), 0);
    }

    private static ReplicaStatus status(Endpoint endpoint, boolean serving, ReplicationPosition position) {
        return status(endpoint, serving, position, -1);
    }

    private static ReplicaStatus status(Endpoint endpoint, boolean serving, ReplicationPosition position,
                                        long lagMillis) {
        Instant now = Instant.now();
        return new ReplicaStatus(endpoint, serving ? ReplicaState.HEALTHY : ReplicaState.LAGGING, serving, "test",
                lagMillis, 0, position, 100, now, now, null);
    }
}
