package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One server of the cluster as the driver uses it: borrow a physical connection, give it back or evict it, cut off
 * what it has lent when the server goes down, and count. {@link PooledBackend} is the HikariCP pool behind each server;
 * unit tests of retry, failover and session replay put a recording stand-in in its place.
 */
public interface Backend {

    /** The primary or a replica. */
    enum Role { PRIMARY, REPLICA }

    /**
     * Opens the backend of a server in a role: a pool of its own for each, as a replica's sessions are read-only.
     * Called when the monitor first names a server in that role (at start, after a discovery or a primary change).
     */
    @FunctionalInterface
    interface Opener {
        Backend open(Endpoint endpoint, Role role);
    }

    Endpoint endpoint();

    Role role();

    default boolean isPrimary() {
        return role() == Role.PRIMARY;
    }

    /** The name of its pool, which log lines and threads carry: cluster, role and server. */
    String poolName();

    /**
     * Borrows a physical connection, waiting a bounded time.
     *
     * @throws SQLException the server cannot be reached (08xxx) or every connection stayed in use (HYT00)
     */
    Connection borrow() throws SQLException;

    /** Gives a borrowed connection back for reuse. */
    void giveBack(Connection connection) throws SQLException;

    /** Closes a borrowed connection instead of giving it back: its session can no longer be trusted. */
    void evict(Connection connection);

    /** The monitor marked this server DOWN: borrows fail at once until {@link #restored()}. */
    void markDown(String reason);

    /** Whether the backend is marked DOWN, so borrows fail at once. */
    default boolean isDown() {
        return false;
    }

    /** The server answers the monitor again: it may lend connections again. */
    void restored();

    /**
     * After {@link #markDown}: aborts every connection this server has lent, so nothing waits on a server that may
     * never answer, and lends none of the connections opened before again.
     *
     * @return how many lent connections were aborted
     */
    int cutOff();

    /** Closes idle connections and retires lent ones when given back: after one broke, the others likely are too. */
    void discardConnections();

    /** Connections lent out now. */
    int activeConnections();

    /** Connections open now, lent or idle. */
    int totalConnections();

    /** Closes every connection; later borrows fail. */
    void close();
}
