package io.rwsplit.monitor;

/**
 * Told when the monitor's belief about which server is the one primary changes: a switchover or failover moved it,
 * or it became unknown (no writable server, or more than one: a split brain), or known again. Called on a monitor
 * thread, once per change, in order, after the snapshot that shows the change is published; it must return quickly
 * and must not call back into the monitor's blocking methods. What it throws is logged and ignored.
 */
@FunctionalInterface
public interface TopologyListener {

    /**
     * @param previous the primary believed in before; null when none was
     * @param current  the primary believed in now; null when none is ({@link ReplicaSnapshot#primaryProblem()} says
     *                 why)
     * @param reason   what the monitor saw, in plain words, for the log and error messages
     */
    void onPrimaryChange(Endpoint previous, Endpoint current, String reason);
}
