package io.rwsplit.monitor;

/**
 * Told when a replica changes state or starts or stops serving reads. Called on a monitor thread, once per change, in
 * order; it must return quickly and must not call back into the monitor's blocking methods. What it throws is logged
 * and ignored.
 */
@FunctionalInterface
public interface ReplicaStateListener {

    /**
     * @param previous the replica's status before the change (before the first probe: {@link ReplicaState#DOWN},
     *                 "not probed yet")
     * @param current  its status now
     * @param snapshot the snapshot published with the change
     */
    void onChange(ReplicaStatus previous, ReplicaStatus current, ReplicaSnapshot snapshot);
}
