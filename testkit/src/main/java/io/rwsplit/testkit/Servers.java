package io.rwsplit.testkit;

import java.util.List;

/** The servers of one cluster and the faults that can be done to them: local processes or containers. */
interface Servers extends AutoCloseable {

    Flavor flavor();

    /** What runs the servers, for log lines: a binary path or an image name. */
    String describe();

    /**
     * Starts every node, primary first in the list, and returns once each answers SQL as root. Replication is not
     * configured yet.
     */
    List<ClusterNode> start();

    /** SIGKILL; returns once the server is gone. */
    void kill(ClusterNode node);

    /** SIGSTOP: the server keeps its connections open and answers nothing. */
    void freeze(ClusterNode node);

    /** SIGCONT after {@link #freeze}. */
    void thaw(ClusterNode node);

    /**
     * Makes the server's configuration follow its new role (read_only, the primary side of semi-synchronous
     * replication), effective from its next start; the running server is changed by SQL.
     */
    void persistRole(ClusterNode node, boolean primary);

    /** Starts a killed server again, or stops and starts a running one; same port and data; waits until it answers. */
    void restart(ClusterNode node);

    /** Kills every server and removes what was created for them; idempotent. */
    @Override
    void close();
}
