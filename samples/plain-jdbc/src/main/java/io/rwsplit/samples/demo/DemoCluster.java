package io.rwsplit.samples.demo;

import io.rwsplit.ClusterStatus;
import io.rwsplit.monitor.Endpoint;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/** The replicated cluster the demo runs the shop against: one it starts itself, or one that already runs. */
interface DemoCluster extends AutoCloseable {

    /** {@code RWSPLIT_URL} names a running cluster; without it the demo starts a local one. */
    static DemoCluster choose(Map<String, String> environment, PrintStream out) {
        String url = environment.get(ExistingDemoCluster.URL);
        return url == null || url.isBlank() ? LocalDemoCluster.start(out) : ExistingDemoCluster.of(environment);
    }

    /** The rwsplit URL the shop's pool connects with; passwords in it are the caller's to mask. */
    String url();

    /** The app's user for the pool, or null when the URL carries it. */
    String user();

    /** The app's password for the pool, or null when the URL carries it. */
    String password();

    /** The driver's status of the shop's pool. */
    @FunctionalInterface
    interface StatusSource {
        ClusterStatus get() throws SQLException;
    }

    /** Waits until the replicas have what was written so far, or the timeout passes. */
    void awaitCaughtUp(StatusSource status, Duration timeout) throws InterruptedException, SQLException;

    /** Why the demo cannot delay a replica here, or null when it can. */
    String whyNoDelay();

    /** Sets the replication delay of one of the cluster's replicas; 0 removes it. */
    void setDelay(Endpoint replica, int seconds) throws SQLException;

    /** Why the demo cannot switch the primary over here, or null when it can. */
    default String whyNoSwitchover() {
        return "only the cluster the demo starts itself can be switched over";
    }

    /**
     * A planned switchover to a replica: the primary read-only, the replica caught up, the others repointed, the
     * replica writable.
     *
     * @return what was done, for the demo's output
     */
    default String switchover() {
        throw new UnsupportedOperationException(whyNoSwitchover());
    }

    /** Stops and removes what the demo started; a cluster that already ran is left running. */
    @Override
    void close();
}
