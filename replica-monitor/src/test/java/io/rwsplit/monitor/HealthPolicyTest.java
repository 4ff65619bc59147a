package io.rwsplit.monitor;

import static io.rwsplit.monitor.ReplicaState.BROKEN;
import static io.rwsplit.monitor.ReplicaState.DOWN;
import static io.rwsplit.monitor.ReplicaState.HEALTHY;
import static io.rwsplit.monitor.ReplicaState.LAGGING;
import static io.rwsplit.monitor.ReplicaState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HealthPolicyTest {

    private static final long MS = 1_000_000;

    private final HealthPolicy policy = new HealthPolicy(MonitorSettings.builder()
            .maxLag(Duration.ofMillis(1000))
            .restoreLag(Duration.ofMillis(500))
            .restoreDwell(Duration.ofMillis(2000))
            .build());

    private static ReplicationRow row(String... columnsAndValues) {
        return ServerKind.MARIADB.parseReplicaStatus(List.of(StatusRows.with(StatusRows.mariaDb(), columnsAndValues)));
    }

    private static LagEstimate lag(long millis) {
        return LagEstimate.of(millis, LagEstimate.Method.POSITION_HISTORY, "test");
    }

    @Nested
    class Classification {

        @Test
        void replicatingWithinMaxLagIsHealthy() {
            HealthPolicy.Verdict verdict = policy.classify(row(), lag(12), 0);
            assertThat(verdict.state()).isEqualTo(HEALTHY);
            assertThat(verdict.reason()).isEqualTo("lag=12ms (0 trx behind)");
            assertThat(verdict.error()).isNull();
        }

        @Test
        void lagExactlyAtMaxLagIsStillHealthy() {
            assertThat(policy.classify(row(), lag(1000), -1).state()).isEqualTo(HEALTHY);
            assertThat(policy.classify(row(), lag(1000), -1).reason()).isEqualTo("lag=1000ms");
        }

        @Test
        void lagOverMaxLagIsLagging() {
            HealthPolicy.Verdict verdict = policy.classify(row(), lag(3200), 118);
            assertThat(verdict.state()).isEqualTo(LAGGING);
            assertThat(verdict.reason()).isEqualTo("lag=3200ms > maxLag=1000ms (118 trx behind)");
        }

        @Test
        void unknownLagIsLagging() {
            HealthPolicy.Verdict verdict = policy.classify(row("Seconds_Behind_Master", null),
                    LagEstimate.unknown("no Seconds_Behind value"), -1);
            assertThat(verdict.state()).isEqualTo(LAGGING);
            assertThat(verdict.reason()).isEqualTo("lag unknown: no Seconds_Behind value");
        }

        @Test
        void tooManyTransactionsBehindIsLaggingWhenALimitIsSet() {
            HealthPolicy limited = new HealthPolicy(MonitorSettings.builder().maxTransactionsBehind(100).build());
            HealthPolicy.Verdict verdict = limited.classify(row(), lag(300), 118);
            assertThat(verdict.state()).isEqualTo(LAGGING);
            assertThat(verdict.reason()).isEqualTo("118 trx behind > maxTransactionsBehind=100 (lag=300ms)");
            assertThat(limited.classify(row(), lag(300), 100).state()).isEqualTo(HEALTHY);
            assertThat(limited.classify(row(), lag(300), -1).state()).isEqualTo(HEALTHY);
            assertThat(policy.classify(row(), lag(300), 1_000_000).state()).isEqualTo(HEALTHY);
        }

        @Test
        void sqlThreadStoppedOnAnErrorIsBroken() {
            HealthPolicy.Verdict verdict = policy.classify(row("Slave_SQL_Running", "No", "Last_SQL_Errno", "1062",
                    "Last_SQL_Error", "Duplicate entry '5' for key 'PRIMARY'"), lag(0), 0);
            assertThat(verdict.state()).isEqualTo(BROKEN);
            assertThat(verdict.reason()).isEqualTo("SQL thread stopped on error 1062: Duplicate entry '5' for key "
                    + "'PRIMARY'");
            assertThat(verdict.error()).isEqualTo("error 1062: Duplicate entry '5' for key 'PRIMARY'");
        }

        @Test
        void ioThreadStoppedOnAnErrorIsBroken() {
            HealthPolicy.Verdict verdict = policy.classify(row("Slave_IO_Running", "No", "Last_IO_Errno", "1236",
                    "Last_IO_Error", "Got fatal error 1236 from master"), lag(0), 0);
            assertThat(verdict.state()).isEqualTo(BROKEN);
            assertThat(verdict.reason()).isEqualTo("IO thread stopped on error 1236: Got fatal error 1236 from master");
        }

        @Test
        void bothThreadsStoppedWithAnIoErrorIsBroken() {
            HealthPolicy.Verdict verdict = policy.classify(row("Slave_IO_Running", "No", "Slave_SQL_Running", "No",
                    "Last_IO_Errno", "1045", "Last_IO_Error", "Access denied"), lag(0), 0);
            assertThat(verdict.state()).isEqualTo(BROKEN);
            assertThat(verdict.reason()).startsWith("IO thread stopped on error 1045");
        }

        @Test
        void anIoThreadRetryingTheConnectionIsJudgedOnLag() {
            ReplicationRow retrying = row("Slave_IO_Running", "Connecting", "Last_IO_Errno", "2003",
                    "Last_IO_Error", "error reconnecting to master", "Seconds_Behind_Master", null);
            HealthPolicy.Verdict verdict = policy.classify(retrying, lag(0), 0);
            assertThat(verdict.state()).isEqualTo(HEALTHY);
            assertThat(verdict.reason()).isEqualTo("lag=0ms (0 trx behind); IO thread reconnecting to the primary "
                    + "(error 2003: error reconnecting to master)");
            assertThat(verdict.error()).isEqualTo("error 2003: error reconnecting to master");
            HealthPolicy.Verdict behind = policy.classify(retrying, lag(5000), 40);
            assertThat(behind.state()).isEqualTo(LAGGING);
            assertThat(behind.reason()).isEqualTo("lag=5000ms > maxLag=1000ms (40 trx behind); IO thread "
                    + "reconnecting to the primary (error 2003: error reconnecting to master)");
            assertThat(policy.classify(row("Slave_IO_Running", "Preparing"), lag(3), 0).reason())
                    .isEqualTo("lag=3ms (0 trx behind); IO thread reconnecting to the primary");
        }

        @Test
        void stoppedThreadsWithoutErrorAreStopped() {
            assertThat(policy.classify(row("Slave_SQL_Running", "No"), lag(0), 0))
                    .isEqualTo(new HealthPolicy.Verdict(STOPPED, "SQL thread not running", null));
            assertThat(policy.classify(row("Slave_IO_Running", "No"), lag(0), 0))
                    .isEqualTo(new HealthPolicy.Verdict(STOPPED, "IO thread not running", null));
            assertThat(policy.classify(row("Slave_IO_Running", "No", "Slave_SQL_Running", "No"), lag(0), 0)
                    .state()).isEqualTo(STOPPED);
        }

        @Test
        void sqlThreadStoppedWhileTheIoThreadRetriesIsStopped() {
            assertThat(policy.classify(row("Slave_SQL_Running", "No", "Slave_IO_Running", "Connecting",
                    "Last_IO_Errno", "2003", "Last_IO_Error", "cannot connect"), lag(0), 0).state())
                    .isEqualTo(STOPPED);
        }

        @Test
        void aServerWithoutReplicationIsStopped() {
            HealthPolicy.Verdict verdict = policy.classify(ReplicationRow.NOT_CONFIGURED, lag(0), -1);
            assertThat(verdict.state()).isEqualTo(STOPPED);
            assertThat(verdict.reason()).isEqualTo("replication is not configured on this server");
        }

        @Test
        void anOldErrorOnARunningThreadIsReportedButNotBroken() {
            HealthPolicy.Verdict verdict = policy.classify(row("Last_SQL_Errno", "1062", "Last_SQL_Error", "old"),
                    lag(5), 0);
            assertThat(verdict.state()).isEqualTo(HEALTHY);
            assertThat(verdict.error()).isEqualTo("error 1062: old");
        }

        @Test
        void stoppedWinsOverLagging() {
            assertThat(policy.classify(row("Slave_SQL_Running", "No"), LagEstimate.unknown("x"), -1).state())
                    .isEqualTo(STOPPED);
        }
    }

    @Nested
    class Hysteresis {

        private HealthPolicy.Tracking tracking;

        private HealthPolicy.Tracking observe(ReplicaState state, long lagMillis, long atMillis) {
            tracking = policy.advance(tracking, state, lagMillis, atMillis * MS);
            return tracking;
        }

        @Test
        void aHealthyReplicaServesAtOnceAtStartEvenAboveTheRestoreLag() {
            assertThat(observe(HEALTHY, 800, 0).serving()).isTrue();
        }

        @Test
        void aReplicaLaggingAtStartWaitsForTheDwell() {
            assertThat(observe(LAGGING, 3000, 0).serving()).isFalse();
            assertThat(observe(HEALTHY, 100, 250).serving()).isFalse();
            assertThat(observe(HEALTHY, 100, 2000).serving()).isFalse();
            assertThat(observe(HEALTHY, 100, 2250).serving()).isTrue();
        }

        @Test
        void leavesThePoolAtOnceWhenNoLongerHealthy() {
            for (ReplicaState bad : List.of(LAGGING, STOPPED, BROKEN, DOWN)) {
                tracking = null;
                observe(HEALTHY, 0, 0);
                HealthPolicy.Tracking after = observe(bad, 2000, 250);
                assertThat(after.serving()).as(bad.name()).isFalse();
                assertThat(after.state()).isEqualTo(bad);
                assertThat(after.sinceNanos()).isEqualTo(250 * MS);
            }
        }

        @Test
        void returnsOnlyAfterStayingUnderTheRestoreLagForTheWholeDwell() {
            observe(HEALTHY, 0, 0);
            observe(LAGGING, 3000, 250);
            assertThat(observe(HEALTHY, 400, 500).serving()).isFalse();
            assertThat(observe(HEALTHY, 300, 1500).serving()).isFalse();
            assertThat(observe(HEALTHY, 200, 2499).serving()).isFalse();
            HealthPolicy.Tracking back = observe(HEALTHY, 100, 2500);
            assertThat(back.serving()).isTrue();
            assertThat(back.sinceNanos()).isEqualTo(500 * MS);
        }

        @Test
        void aLagAboveTheRestoreLagRestartsTheDwell() {
            observe(LAGGING, 3000, 0);
            observe(HEALTHY, 100, 250);
            observe(HEALTHY, 700, 1500);
            assertThat(observe(HEALTHY, 100, 2500).serving()).isFalse();
            assertThat(observe(HEALTHY, 100, 4250).serving()).isFalse();
            assertThat(observe(HEALTHY, 100, 4500).serving()).isTrue();
        }

        @Test
        void anUnknownLagRestartsTheDwell() {
            observe(DOWN, -1, 0);
            observe(HEALTHY, 0, 250);
            observe(HEALTHY, -1, 1000);
            assertThat(observe(HEALTHY, 0, 2300).serving()).isFalse();
            assertThat(observe(HEALTHY, 0, 4300).serving()).isTrue();
        }

        @Test
        void aRelapseDuringTheDwellRestartsIt() {
            observe(LAGGING, 3000, 0);
            observe(HEALTHY, 0, 250);
            observe(LAGGING, 1200, 1000);
            observe(HEALTHY, 0, 1250);
            assertThat(observe(HEALTHY, 0, 3000).serving()).isFalse();
            assertThat(observe(HEALTHY, 0, 3250).serving()).isTrue();
        }

        @Test
        void aServingReplicaStaysBetweenRestoreLagAndMaxLag() {
            observe(HEALTHY, 0, 0);
            assertThat(observe(HEALTHY, 900, 250).serving()).isTrue();
            assertThat(observe(HEALTHY, 999, 500).serving()).isTrue();
        }

        @Test
        void doesNotFlapOnALagOscillatingAroundMaxLag() {
            observe(HEALTHY, 0, 0);
            int returns = 0;
            boolean serving = true;
            for (int i = 1; i <= 40; i++) {
                boolean over = i % 2 == 0;
                HealthPolicy.Tracking now = observe(over ? LAGGING : HEALTHY, over ? 1100 : 900, i * 250L);
                if (now.serving() && !serving) {
                    returns++;
                }
                serving = now.serving();
            }
            assertThat(returns).isZero();
        }

        @Test
        void keepsTheSinceOfAnUnchangedState() {
            observe(LAGGING, 2000, 0);
            assertThat(observe(LAGGING, 3000, 250).sinceNanos()).isZero();
            assertThat(observe(STOPPED, -1, 500).sinceNanos()).isEqualTo(500 * MS);
        }

        @Test
        void aZeroDwellReturnsAtTheFirstGoodObservation() {
            HealthPolicy noDwell = new HealthPolicy(MonitorSettings.builder().restoreDwell(Duration.ZERO).build());
            HealthPolicy.Tracking state = noDwell.advance(null, LAGGING, 3000, 0);
            state = noDwell.advance(state, HEALTHY, 600, 250 * MS);
            assertThat(state.serving()).isFalse();
            state = noDwell.advance(state, HEALTHY, 400, 500 * MS);
            assertThat(state.serving()).isTrue();
        }
    }
}
