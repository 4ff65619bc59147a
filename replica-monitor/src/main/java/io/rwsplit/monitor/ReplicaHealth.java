package io.rwsplit.monitor;

/**
 * What a client of the monitor reads of the replicas' health, and tells it: the {@link ReplicaMonitor} in production;
 * in unit tests of the driver, a stand-in whose snapshot the test sets.
 */
public interface ReplicaHealth extends AutoCloseable {

    /** The latest snapshot: a volatile read, never blocks. */
    ReplicaSnapshot snapshot();

    /** Adds a listener told of every later change of a replica's state or serving. */
    void addListener(ReplicaStateListener listener);

    /** Adds a listener told each time the primary stops or starts answering. */
    void addPrimaryListener(PrimaryStateListener listener);

    /** Adds a listener told each time the one primary changes, becomes unknown or is known again. */
    void addTopologyListener(TopologyListener listener);

    /**
     * Asks for a poll round now rather than at the next interval: the driver saw the primary refuse a write as
     * read-only, or lose its connection. Returns at once.
     */
    void recheck();

    /** A connection to this replica failed: it leaves the read pool at once. Unknown endpoints are ignored. */
    void reportFailure(Endpoint replica, Throwable cause);

    /** Stops watching; idempotent. */
    @Override
    void close();
}
