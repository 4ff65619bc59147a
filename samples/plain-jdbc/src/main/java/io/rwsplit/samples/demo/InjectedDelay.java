package io.rwsplit.samples.demo;

import io.rwsplit.monitor.Endpoint;
import java.io.PrintStream;
import java.sql.SQLException;

/** The replication delay the demo puts on one replica, removed again however the demo ends, Ctrl-C included. */
final class InjectedDelay {

    private final DemoCluster cluster;
    private final Endpoint replica;
    private final PrintStream out;
    private final Thread removeOnExit = new Thread(this::removeOnExit, "demo-remove-delay");
    private boolean active;

    InjectedDelay(DemoCluster cluster, Endpoint replica, PrintStream out) {
        this.cluster = cluster;
        this.replica = replica;
        this.out = out;
    }

    synchronized void inject(int seconds) throws SQLException {
        out.println(">>> injecting a " + seconds + " s replication delay on " + replica);
        Runtime.getRuntime().addShutdownHook(removeOnExit);
        active = true;
        cluster.setDelay(replica, seconds);
    }

    /** Removes the delay if one is on; does nothing otherwise. */
    synchronized void remove() throws SQLException {
        if (!active) {
            return;
        }
        out.println(">>> removing the delay on " + replica);
        cluster.setDelay(replica, 0);
        active = false;
        Runtime.getRuntime().removeShutdownHook(removeOnExit);
    }

    private synchronized void removeOnExit() {
        if (!active) {
            return;
        }
        try {
            cluster.setDelay(replica, 0);
            out.println("Removed the replication delay on " + replica + " before exiting.");
        } catch (SQLException | RuntimeException e) {
            out.println("Could not remove the replication delay on " + replica + ": " + e.getMessage());
        }
    }
}
