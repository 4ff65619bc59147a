package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PositionHistoryTest {

    private static final long MS = 1_000_000;

    private static ReplicationPosition gtid(long sequence) {
        return ReplicationPosition.parseMariaDbGtid("0-1-" + sequence);
    }

    /** A primary committing 10 transactions per 250 ms poll, seen at t = 0, 250, 500 ... ms. */
    private static PositionHistory steadyWrites(int polls) {
        PositionHistory history = new PositionHistory(1000, 60_000 * MS);
        for (int i = 0; i < polls; i++) {
            history.record(gtid(100 + 10L * i), i * 250 * MS);
        }
        return history;
    }

    @Test
    void aReplicaThatHasEverythingIsCaughtUp() {
        LagEstimate lag = steadyWrites(5).estimate(gtid(140), 1010 * MS);
        assertThat(lag.millis()).isZero();
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.CAUGHT_UP);
    }

    @Test
    void placesTheOldestMissingTransactionByHowManyOfThePollItHas() {
        PositionHistory history = steadyWrites(9);
        // Seen 120 at 500 ms and 130 at 750 ms; the replica has 125, so 126 of 121..130 is the oldest it lacks:
        // committed about 5.5/10 into that span, at 637.5 ms: 1362.5 ms ago.
        LagEstimate lag = history.estimate(gtid(125), 2000 * MS);
        assertThat(lag.method()).isEqualTo(LagEstimate.Method.POSITION_HISTORY);
        assertThat(lag.millis()).isEqualTo(1362);
        assertThat(lag.lowerBound()).isFalse();
        // with exactly the earlier position, the first of the span is missing: 0.5/10 in, 512.5 ms
        assertThat(history.estimate(gtid(120), 2000 * MS).millis()).isEqualTo(1487);
        // with all but the last of the span, 9.5/10 in, 737.5 ms
        assertThat(history.estimate(gtid(129), 2000 * MS).millis()).isEqualTo(1262);
    }

    @Test
    void usesTheLastTimeAnIdlePrimaryWasSeenAtTheCoveredPosition() {
        PositionHistory history = new PositionHistory(1000, 60_000 * MS);
        for (int t = 0; t <= 1000; t += 250) {
            history.record(gtid(50), t * MS);
        }
        // one write between the polls at 1000 and 1250 ms
        history.record(gtid(51), 1250 * MS);
        assertThat(history.size()).isEqualTo(2);
        LagEstimate lag = history.estimate(gtid(50), 3000 * MS);
        assertThat(lag.millis()).isEqualTo(3000 - 1125);
    }

    @Test
    void takesTheMiddleOfTheSpanWhenTransactionsCannotBeCounted() {
        PositionHistory history = new PositionHistory(1000, 60_000 * MS);
        history.record(ReplicationPosition.binlog("binlog.000001", 1000), 0);
        history.record(ReplicationPosition.binlog("binlog.000001", 2000), 200 * MS);
        history.record(ReplicationPosition.binlog("binlog.000001", 3000), 400 * MS);
        LagEstimate lag = history.estimate(ReplicationPosition.binlog("binlog.000001", 2500), 1000 * MS);
        assertThat(lag.millis()).isEqualTo(1000 - 300);
        assertThat(history.estimate(ReplicationPosition.binlog("binlog.000001", 3000), 1000 * MS).millis()).isZero();
    }

    @Test
    void ignoresPositionsSeenAfterTheReplicaWasRead() {
        PositionHistory history = steadyWrites(5);
        // read at 600 ms: the position seen at 750 ms (130) did not exist yet for this reading
        assertThat(history.estimate(gtid(120), 600 * MS).method()).isEqualTo(LagEstimate.Method.CAUGHT_UP);
        assertThat(history.latestAsOf(600 * MS)).isEqualTo(gtid(120));
        assertThat(history.latestAsOf(-1)).isNull();
        assertThat(history.latest()).isEqualTo(gtid(140));
    }

    @Test
    void givesALowerBoundForAReplicaBehindEverythingRemembered() {
        PositionHistory history = steadyWrites(5);
        LagEstimate lag = history.estimate(gtid(90), 3000 * MS);
        assertThat(lag.lowerBound()).isTrue();
        assertThat(lag.millis()).isEqualTo(3000);
    }

    @Test
    void cannotTellWithoutHistoryOrComparablePositions() {
        PositionHistory empty = new PositionHistory(10, 60_000 * MS);
        assertThat(empty.estimate(gtid(1), 0).known()).isFalse();
        PositionHistory history = steadyWrites(3);
        assertThat(history.estimate(null, 1000 * MS).known()).isFalse();
        assertThat(history.estimate(ReplicationPosition.binlog("binlog.000001", 4), 1000 * MS).known()).isFalse();
        PositionHistory binlogs = new PositionHistory(10, 60_000 * MS);
        binlogs.record(ReplicationPosition.binlog("binlog.000001", 4), 0);
        assertThat(binlogs.estimate(ReplicationPosition.binlog("other.000001", 9), MS).known()).isFalse();
    }

    @Test
    void isBoundedByCountAndAge() {
        PositionHistory byCount = new PositionHistory(4, 60_000 * MS);
        for (int i = 0; i < 10; i++) {
            byCount.record(gtid(i + 1), i * MS);
        }
        assertThat(byCount.size()).isEqualTo(4);
        PositionHistory byAge = new PositionHistory(1000, 1000 * MS);
        for (int i = 0; i < 20; i++) {
            byAge.record(gtid(i + 1), i * 250 * MS);
        }
        assertThat(byAge.size()).isBetween(4, 6);
        byAge.record(gtid(100), 3_600_000 * MS);
        assertThat(byAge.size()).isEqualTo(2);
    }
}
