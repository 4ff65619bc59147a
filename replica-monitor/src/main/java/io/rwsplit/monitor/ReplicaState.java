package io.rwsplit.monitor;

/** A replica's health, from worst to best. Only {@link #HEALTHY} replicas serve reads. */
public enum ReplicaState {

    /** Unreachable, the probe timed out, or the driver reported a connection failure. */
    DOWN,

    /** A replication thread stopped on an error (the error is in the reason). */
    BROKEN,

    /** A replication thread is not running, without an error (stopped by an operator, not configured). */
    STOPPED,

    /** Replicating, but further behind than allowed, or by an amount that cannot be measured. */
    LAGGING,

    /** Replicating within the allowed lag. */
    HEALTHY
}
