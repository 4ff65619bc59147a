package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrimaryStateTest {

    private static final long MS = 1_000_000;
    /** 2026-11-25 10:00:00 UTC in microseconds. */
    private static final long BASE_MICROS = Heartbeat.parseMicros("2026-11-25 10:00:00.000000");

    private static ReplicationRow replicaAt(String gtid, Long secondsBehind) {
        return ServerKind.MARIADB.parseReplicaStatus(List.of(StatusRows.with(StatusRows.mariaDb(), "Gtid_Slave_Pos",
                gtid, "Seconds_Behind_Master", secondsBehind == null ? null : secondsBehind.toString())));
    }

    /** Primary probed every 250 ms from t=0, 10 transactions each time, clock BASE at t=0, heartbeat each probe. */
    private static PrimaryState primary(int polls, boolean heartbeat) {
        PrimaryState state = new PrimaryState(new PositionHistory(1000, 60_000 * MS));
        for (int i = 0; i < polls; i++) {
            long t = i * 250 * MS;
            state.recordSuccess(ReplicationPosition.parseMariaDbGtid("0-1-" + (100 + 10 * i)), t,
                    BASE_MICROS + t / 1000, heartbeat);
        }
        return state;
    }

    @Test
    void aReplicaThatHasThePrimarysLatestPositionHasNoLag() {
        LagEstimate lag = primary(5, true).lag(replicaAt("0-1-140", 0L), 1010 * MS, BASE_MICROS);
        assertThat(lag.millis()).isZero();
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.CAUGHT_UP);
    }

    @Test
    void prefersTheHeartbeatToPositions() {
        PrimaryState state = primary(9, true);
        // the replica has the heartbeat written at 500 ms, not the one at 750 ms: its data is from about 625 ms
        LagEstimate lag = state.lag(replicaAt("0-1-125", 1L), 2100 * MS, BASE_MICROS + 500_000);
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.HEARTBEAT);
        assertThat(lag.millis()).isEqualTo(2100 - 625);
    }

    @Test
    void measuresHeartbeatLagInThePrimarysClockSoSkewCancels() {
        // the primary's clock is 1 hour ahead of ours; only its own readings are compared
        long skewed = BASE_MICROS + 3_600_000_000L;
        PrimaryState state = new PrimaryState(new PositionHistory(100, 60_000 * MS));
        state.recordSuccess(ReplicationPosition.parseMariaDbGtid("0-1-10"), 0, skewed, true);
        state.recordSuccess(ReplicationPosition.parseMariaDbGtid("0-1-20"), 250 * MS, skewed + 250_000, true);
        LagEstimate lag = state.lag(replicaAt("0-1-5", null), 1000 * MS, skewed - 1_000_000);
        // its heartbeat is 2 s old in the primary's clock, and the next one known is 1 s younger: 1.5 s
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.HEARTBEAT);
        assertThat(lag.millis()).isEqualTo(1500);
        assertThat(state.clockAt(1000 * MS)).isEqualTo(skewed + 1_000_000);
    }

    @Test
    void heartbeatLagTakesTheMiddleUpToTheNextHeartbeat() {
        assertThat(PrimaryState.heartbeatLag(1_000_000, 3_000_000, 1_250_000L).millis()).isEqualTo(1875);
        assertThat(PrimaryState.heartbeatLag(1_000_000, 3_000_000, null).millis()).isEqualTo(2000);
        assertThat(PrimaryState.heartbeatLag(3_000_000, 2_000_000, null).millis()).isZero();
    }

    @Test
    void ignoresTheHeartbeatWhileItCannotBeWrittenOrThePrimaryIsDown() {
        PrimaryState notWritten = primary(9, false);
        LagEstimate lag = notWritten.lag(replicaAt("0-1-125", 1L), 2000 * MS, BASE_MICROS);
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.POSITION_HISTORY);
        assertThat(lag.millis()).isEqualTo(1362);

        PrimaryState down = primary(9, true);
        down.recordFailure();
        assertThat(down.reachable()).isFalse();
        assertThat(down.lag(replicaAt("0-1-125", null), 2000 * MS, BASE_MICROS).method())
                .isEqualTo(LagEstimate.Method.POSITION_HISTORY);
    }

    @Test
    void fallsBackToSecondsBehindWithoutComparablePositions() {
        PrimaryState state = new PrimaryState(new PositionHistory(100, 60_000 * MS));
        state.recordSuccess(null, 0, BASE_MICROS, false);
        LagEstimate lag = state.lag(replicaAt("0-1-5", 3L), 100 * MS, null);
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.SECONDS_BEHIND);
        assertThat(lag.millis()).isEqualTo(3000);
    }

    @Test
    void unknownSecondsBehindAndNoPositionIsUnknownLag() {
        PrimaryState state = new PrimaryState(new PositionHistory(100, 60_000 * MS));
        LagEstimate lag = state.lag(replicaAt("0-1-5", null), 100 * MS, null);
        assertThat(lag.known()).isFalse();
        assertThat(lag.note()).contains("Seconds_Behind");
    }

    @Test
    void takesSecondsBehindWhenItExceedsTheHistorysLowerBound() {
        PrimaryState state = primary(3, false);
        // the replica is behind everything remembered: history says at least ~1 s, the server says 40 s
        LagEstimate lag = state.lag(replicaAt("0-1-50", 40L), 1000 * MS, null);
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.SECONDS_BEHIND);
        assertThat(lag.millis()).isEqualTo(40_000);
        LagEstimate bound = state.lag(replicaAt("0-1-50", 0L), 1000 * MS, null);
        assertThat(bound.method()).isEqualTo(LagEstimate.Method.POSITION_HISTORY);
        assertThat(bound.lowerBound()).isTrue();
        assertThat(bound.millis()).isEqualTo(1000);
    }

    @Test
    void countsTransactionsBehindTheLatestPrimaryPosition() {
        PrimaryState state = primary(5, false);
        assertThat(state.transactionsBehind(replicaAt("0-1-122", 0L), 2000 * MS)).isEqualTo(18);
        assertThat(state.transactionsBehind(replicaAt("0-1-122", 0L), 600 * MS)).isZero();
        PrimaryState unknown = new PrimaryState(new PositionHistory(10, MS));
        assertThat(unknown.transactionsBehind(replicaAt("0-1-122", 0L), 0)).isEqualTo(-1);
    }
}
