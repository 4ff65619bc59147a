package io.rwsplit.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicationPosition;
import io.rwsplit.monitor.ServerKind;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CatchUpWatcherTest {

    private static final Endpoint REPLICA = new Endpoint("replica-1.db.internal", 3306);
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final FakeReplica replica = new FakeReplica();
    private final Map<Endpoint, ReplicationPosition> reached = new ConcurrentHashMap<>();
    private volatile ServerKind kind = ServerKind.MARIADB;
    private final CatchUpWatcher watcher = new CatchUpWatcher("test", (endpoint, timeout) -> replica.connect(),
            () -> kind, (endpoint, position) -> reached.merge(endpoint, position, ServerKind.MARIADB::merge));

    @AfterEach
    void close() {
        replica.answers.release(1_000);
        watcher.close();
    }

    @Test
    void reportsThePositionOnceTheReplicaHasAppliedIt() {
        replica.applied = gtid("0-1-10");
        watcher.want(REPLICA, gtid("0-1-10"));
        assertThat(eventually(() -> gtid("0-1-10").equals(reached.get(REPLICA)))).isTrue();
        assertThat(replica.waits).containsExactly("SELECT MASTER_GTID_WAIT('0-1-10', 1.000)");
        assertThat(watcher.waits()).isEqualTo(1);
    }

    @Test
    void waitsForTheNewestPositionWantedWhileAWaitIsInFlight() throws Exception {
        replica.answers.drainPermits();
        replica.applied = gtid("0-1-13");
        watcher.want(REPLICA, gtid("0-1-10"));
        assertThat(eventually(() -> replica.waits.size() == 1)).isTrue();
        watcher.want(REPLICA, gtid("0-1-11"));
        watcher.want(REPLICA, gtid("0-1-12"));
        watcher.want(REPLICA, gtid("0-1-13"));
        replica.answers.release(2);
        assertThat(eventually(() -> gtid("0-1-13").equals(reached.get(REPLICA)))).isTrue();
        assertThat(replica.waits).containsExactly("SELECT MASTER_GTID_WAIT('0-1-10', 1.000)",
                "SELECT MASTER_GTID_WAIT('0-1-13', 1.000)");
    }

    @Test
    void asksNothingForAPositionItHasAlreadySeenApplied() throws Exception {
        replica.applied = gtid("0-1-20");
        watcher.want(REPLICA, gtid("0-1-20"));
        assertThat(eventually(() -> reached.containsKey(REPLICA))).isTrue();
        watcher.want(REPLICA, gtid("0-1-19"));
        watcher.want(REPLICA, gtid("0-1-20"));
        Thread.sleep(100);
        assertThat(replica.waits).hasSize(1);
    }

    @Test
    void aReplicaThatTimesOutIsNotReportedAndIsAskedAgainLater() {
        replica.applied = gtid("0-1-5");
        watcher.want(REPLICA, gtid("0-1-6"));
        assertThat(eventually(() -> replica.waits.size() == 1)).isTrue();
        assertThat(reached).isEmpty();
        replica.applied = gtid("0-1-6");
        assertThat(eventually(() -> reached.containsKey(REPLICA))).as("asked again after the pause").isTrue();
        assertThat(replica.waits).hasSize(2);
    }

    @Test
    void aFailedConnectIsRetriedAfterThePause() {
        replica.connectFailure = new SQLException("Connection refused", "08001");
        replica.applied = gtid("0-1-3");
        watcher.want(REPLICA, gtid("0-1-3"));
        assertThat(eventually(() -> reached.containsKey(REPLICA))).isTrue();
        assertThat(replica.connects.get()).isEqualTo(1);
    }

    @Test
    void aReplicaForgottenMayBeAskedForAnOlderPositionAgain() throws Exception {
        replica.applied = gtid("0-1-30");
        watcher.want(REPLICA, gtid("0-1-30"));
        assertThat(eventually(() -> replica.waits.size() == 1 && reached.containsKey(REPLICA))).isTrue();
        watcher.forget(REPLICA);
        watcher.want(REPLICA, gtid("0-1-25"));
        assertThat(eventually(() -> replica.waits.size() == 2)).as("a rebuilt replica is asked again").isTrue();
    }

    @Test
    void aThreadWaitingForAPositionIsWokenWhenTheReplicaHasAppliedIt() throws Exception {
        replica.answers.drainPermits();
        replica.applied = gtid("0-1-40");
        long started = System.nanoTime();
        Thread answer = new Thread(() -> {
            sleep(50);
            replica.answers.release();
        });
        answer.start();
        assertThat(watcher.awaitApplied(REPLICA, gtid("0-1-40"), Duration.ofSeconds(5).toNanos())).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(40),
                Duration.ofSeconds(4));
        assertThat(reached).as("told before the waiting thread wakes").containsEntry(REPLICA, gtid("0-1-40"));
        answer.join();
    }

    @Test
    void aThreadWaitingForAPositionGivesUpAtItsLimit() {
        replica.answers.drainPermits();
        replica.applied = gtid("0-1-50");
        long started = System.nanoTime();
        assertThat(watcher.awaitApplied(REPLICA, gtid("0-1-50"), Duration.ofMillis(30).toNanos())).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(30),
                Duration.ofSeconds(2));
        assertThat(reached).isEmpty();
    }

    @Test
    void aReplicaWhoseLastWaitTookLongerThanTheLimitIsNotWaitedFor() throws Exception {
        replica.applied = gtid("0-1-70");
        watcher.want(REPLICA, gtid("0-1-71"));
        assertThat(eventually(() -> replica.waits.size() == 1)).isTrue();
        Thread.sleep(100); // its answer: timed out, as after the whole 1 s wait
        long started = System.nanoTime();
        assertThat(watcher.awaitApplied(REPLICA, gtid("0-1-71"), Duration.ofMillis(800).toNanos())).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("gave up at once").isLessThan(
                Duration.ofMillis(400));
    }

    @Test
    void aPositionAlreadySeenAppliedNeedsNoWait() {
        replica.applied = gtid("0-1-60");
        watcher.want(REPLICA, gtid("0-1-60"));
        assertThat(eventually(() -> reached.containsKey(REPLICA))).isTrue();
        replica.answers.drainPermits();
        assertThat(watcher.awaitApplied(REPLICA, gtid("0-1-59"), 0)).isTrue();
        assertThat(replica.waits).hasSize(1);
    }

    @Test
    void doesNothingBeforeTheServersKindIsKnownOrAfterItCloses() throws Exception {
        kind = null;
        watcher.want(REPLICA, gtid("0-1-1"));
        kind = ServerKind.MARIADB;
        watcher.close();
        watcher.want(REPLICA, gtid("0-1-1"));
        assertThat(watcher.awaitApplied(REPLICA, gtid("0-1-1"), Duration.ofSeconds(1).toNanos())).isFalse();
        Thread.sleep(100);
        assertThat(replica.waits).isEmpty();
        assertThat(replica.connects.get()).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ReplicationPosition gtid(String text) {
        return ReplicationPosition.parseMariaDbGtid(text);
    }

    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
