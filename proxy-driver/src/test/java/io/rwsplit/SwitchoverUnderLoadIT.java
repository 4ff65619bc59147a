package io.rwsplit;

import static io.rwsplit.TopologyChecks.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.ChaosTally.Operation;
import io.rwsplit.cluster.Cluster;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A planned switchover under load: eight clients read and write through the driver while the primary is made
 * read-only, a replica catches up and becomes writable, and the others (the old primary too) replicate from it. No
 * acknowledged write is lost, none is executed on the old primary once it is read-only, writes resume within 2 s of
 * the new primary being writable, and reads never stop.
 */
class SwitchoverUnderLoadIT {

    private static final String NAME = "switchover-it";
    private static final Duration STALENESS_BOUND = Duration.ofMillis(2500);

    @AutoClose
    private static ReplicationCluster cluster;
    private AutocommitWriter autocommitWriter;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name(NAME).replicas(2).start();
        cluster.setUp(ChaosLedger.TABLE, "CREATE TABLE autocommit_writes (id INT PRIMARY KEY)");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void movesWritesToTheNewPrimaryLosingNoneAndReadsNeverStop() throws Exception {
        ClusterNode oldPrimary = cluster.primary();
        ClusterNode next = cluster.replica(0);
        String url = ClusterUrls.withCredentials(cluster, NAME, "&rwsplit.restoreDwell=1000");
        long readOnlyAt;
        long writableAt;
        long oldPrimaryOwnAfter;
        Cluster shared;
        TopologyLoad load;
        try (RwSplitDataSource dataSource = new RwSplitDataSource(url)) {
            shared = TopologyChecks.clusterOf(dataSource);
            load = new TopologyLoad(dataSource, 8, STALENESS_BOUND);
            AutocommitWriter writer = new AutocommitWriter(dataSource);
            autocommitWriter = writer;
            try (load; writer) {
                Thread.sleep(4000);
                readOnlyAt = load.windowStarts();
                Instant writable = cluster.switchover(next);
                writableAt = TopologyLoad.nanosAt(writable);
                load.windowEnds(writableAt);
                oldPrimaryOwnAfter = TopologyChecks.ownTransactions(cluster, oldPrimary);
                System.out.printf("switchover: read-only at %.2f s, %s writable at %.2f s%n",
                        load.secondsAt(readOnlyAt), next, load.secondsAt(writableAt));
                Thread.sleep(6000);
            }
            assertThat(TopologyChecks.await(() -> shared.snapshot().isServing(endpoint(oldPrimary)),
                    Duration.ofSeconds(10))).as("the old primary serves reads as a replica").isTrue();
            assertThat(shared.snapshot().primary()).isEqualTo(endpoint(next));
            assertThat(RwSplit.status(dataSource).primary()).isEqualTo(endpoint(next));
            javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            assertThat(jmx.getAttribute(shared.jmxName(), "Primary")).isEqualTo(endpoint(next).toString());
            assertThat((Long) jmx.getAttribute(shared.jmxName(), "PrimaryChanges")).isPositive();
        }
        ChaosLedger ledger = load.ledger();
        ChaosTally tally = load.tally();
        long lastBefore = ledger.lastAcknowledgedBy(readOnlyAt);
        long firstAfter = ledger.firstAcknowledgedAfter(writableAt);
        System.out.println("switchover: " + tally.summary());
        System.out.printf("switchover: %d writes acknowledged, %d uncertain; writes paused %d ms (last acknowledged "
                        + "before read-only to first after writable), resumed %d ms after the new primary was "
                        + "writable; longest gap between reads %d ms; %s%n", ledger.acknowledgedCount(),
                ledger.uncertainCount(), (firstAfter - lastBefore) / 1_000_000, (firstAfter - writableAt) / 1_000_000,
                tally.longestReadGapMillis(), shared.topologyCounts());
        assertThat(load.crashes()).isEmpty();
        AutocommitWriter writer = autocommitWriter;
        System.out.printf("switchover: autocommit writer: %d acknowledged, failures %s, %d refused as read-only and "
                + "run again on the new primary%n", writer.acknowledged().size(), writer.failures(),
                shared.topologyStatistics().writesRetried());
        assertThat(writer.failures().keySet()).as("SQLStates of failed autocommit writes: only a connection cut "
                + "under one in flight").isSubsetOf(java.util.Set.of("08S01"));
        assertThat(shared.topologyStatistics().writesRetried()).as("writes refused as read-only, run again")
                .isPositive();
        try (Connection primary = cluster.connect(next)) {
            assertThat(AutocommitWriter.missing(primary, writer.acknowledged())).as("acknowledged autocommit "
                    + "writes missing").isEmpty();
        }
        List<String> problems;
        try (Connection primary = cluster.connect(next)) {
            problems = ledger.differences(primary);
        }
        assertThat(problems).as("ledger against the new primary").isEmpty();
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        try (Connection former = cluster.connect(oldPrimary)) {
            assertThat(ledger.differences(former)).as("ledger against the old primary, now a replica").isEmpty();
        }
        assertThat(TopologyChecks.ownTransactions(cluster, oldPrimary)).as("writes executed on the old primary "
                + "after the switchover").isEqualTo(oldPrimaryOwnAfter);
        assertThat(firstAfter).as("a write acknowledged after the switchover").isPositive();
        assertThat((firstAfter - writableAt) / 1_000_000).as("ms from writable to the first write").isLessThan(2000);
        assertThat(tally.failures(Operation.POINT_READ)).as("point reads failed").isZero();
        assertThat(tally.failures(Operation.READ_ONLY_TRANSACTION)).as("read-only transactions failed").isZero();
        assertThat(tally.staleReads()).isZero();
        assertThat(tally.ownWritesMissed()).isZero();
        assertThat(tally.longestReadGapMillis()).as("longest gap between reads, ms").isLessThan(1000);
        assertThat(shared.primaryChanges()).isPositive();
    }
}
