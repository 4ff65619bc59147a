package io.rwsplit;

import static io.rwsplit.TopologyChecks.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failover under load: the primary is killed (SIGKILL) while eight clients read and write through the driver, the
 * most advanced replica is promoted and the other repointed to it. With semi-synchronous replication (every
 * acknowledged commit is on a replica first) no acknowledged write is lost; writes resume within 2 s of the new primary
 * being writable; reads go on on the replicas throughout. The old primary, started again as a replica, serves reads.
 */
class FailoverUnderLoadIT {

    private static final String NAME = "failover-it";
    private static final Duration STALENESS_BOUND = Duration.ofMillis(2500);

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name(NAME).replicas(2).semiSync(true).start();
        cluster.setUp(ChaosLedger.TABLE);
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void movesWritesToThePromotedReplicaLosingNoAcknowledgedOne() throws Exception {
        ClusterNode oldPrimary = cluster.primary();
        String url = ClusterUrls.withCredentials(cluster, NAME, "&rwsplit.restoreDwell=1000");
        long killedAt;
        long writableAt;
        ClusterNode promoted;
        Cluster shared;
        TopologyLoad load;
        try (RwSplitDataSource dataSource = new RwSplitDataSource(url)) {
            shared = TopologyChecks.clusterOf(dataSource);
            load = new TopologyLoad(dataSource, 8, STALENESS_BOUND);
            try (load) {
                Thread.sleep(4000);
                killedAt = load.windowStarts();
                ReplicationCluster.Promotion promotion = cluster.failover();
                promoted = promotion.promoted();
                writableAt = TopologyLoad.nanosAt(promotion.writableAt());
                load.windowEnds(writableAt);
                System.out.printf("failover: killed %s at %.2f s, %s writable at %.2f s%n", oldPrimary,
                        load.secondsAt(killedAt), promoted, load.secondsAt(writableAt));
                Thread.sleep(6000);
            }
            assertThat(shared.snapshot().primary()).isEqualTo(endpoint(promoted));
            cluster.rejoin(oldPrimary);
            assertThat(TopologyChecks.await(() -> shared.snapshot().isServing(endpoint(oldPrimary)),
                    Duration.ofSeconds(15))).as("the old primary, rejoined, serves reads as a replica").isTrue();
        }
        ChaosLedger ledger = load.ledger();
        ChaosTally tally = load.tally();
        long firstAfter = ledger.firstAcknowledgedAfter(writableAt);
        long lastBefore = ledger.lastAcknowledgedBy(killedAt);
        System.out.println("failover: " + tally.summary());
        System.out.printf("failover: %d writes acknowledged, %d uncertain; writes paused %d ms (last acknowledged "
                        + "before the kill to first after), resumed %d ms after the new primary was writable; "
                        + "longest gap between reads %d ms; %s%n", ledger.acknowledgedCount(), ledger.uncertainCount(),
                (firstAfter - lastBefore) / 1_000_000, (firstAfter - writableAt) / 1_000_000,
                tally.longestReadGapMillis(), shared.topologyCounts());
        assertThat(load.crashes()).isEmpty();
        List<String> problems;
        try (Connection primary = cluster.connect(promoted)) {
            problems = ledger.differences(primary);
        }
        assertThat(problems).as("ledger against the promoted primary").isEmpty();
        assertThat(firstAfter).as("a write acknowledged after the failover").isPositive();
        assertThat((firstAfter - writableAt) / 1_000_000).as("ms from writable to the first write").isLessThan(2000);
        assertThat(tally.autocommitReadFailuresOutsidePrimaryOutage()).as("autocommit reads failed").isZero();
        assertThat(tally.readOnlyTransactionFailuresOutsidePrimaryOutage()).as("read-only transactions failed")
                .isZero();
        assertThat(tally.staleReads()).isZero();
        assertThat(tally.ownWritesMissed()).isZero();
        assertThat(tally.longestReadGapMillis()).as("longest gap between reads, ms").isLessThan(2000);
    }
}
