package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Backend} stand-in for unit tests: lends connections to a {@link StubServer} and records every borrow,
 * give-back, eviction and cut-off, so tests of retry, failover and session replay can assert what the driver did
 * with its connections.
 */
public final class RecordingBackend implements Backend {

    private final Endpoint endpoint;
    private final Role role;
    private final StubServer server;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Set<Connection> lent = ConcurrentHashMap.newKeySet();
    private volatile SQLException refusal;
    private volatile String down;
    private volatile boolean closed;

    RecordingBackend(Endpoint endpoint, Role role, StubServer server) {
        this.endpoint = endpoint;
        this.role = role;
        this.server = server;
    }

    /** The pretend server behind it. */
    public StubServer server() {
        return server;
    }

    /** Every borrow, give-back, eviction and cut-off so far, in order. */
    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Borrows fail with {@code failure} from now on; null lends again. */
    public void refuse(SQLException failure) {
        this.refusal = failure;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String poolName() {
        return "stub " + role.name().toLowerCase() + " " + endpoint;
    }

    @Override
    public Connection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("closed", "08003");
        }
        if (down != null) {
            throw new SQLException("rwsplit: the " + this + " is DOWN (" + down + ")", "08001");
        }
        SQLException failure = refusal;
        if (failure != null) {
            events.add("refused");
            throw failure;
        }
        Connection connection = server.newConnection();
        lent.add(connection);
        events.add("borrow");
        return connection;
    }

    @Override
    public void giveBack(Connection connection) {
        if (lent.remove(connection)) {
            events.add("giveBack");
        }
    }

    @Override
    public void evict(Connection connection) {
        if (lent.remove(connection)) {
            events.add("evict");
        }
    }

    @Override
    public void markDown(String reason) {
        down = reason;
    }

    @Override
    public void restored() {
        down = null;
    }

    @Override
    public int cutOff() {
        events.add("cutOff");
        int aborted = 0;
        for (Connection connection : lent) {
            try {
                connection.abort(Runnable::run);
                aborted++;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return aborted;
    }

    @Override
    public void discardConnections() {
        events.add("discard");
    }

    @Override
    public int activeConnections() {
        return lent.size();
    }

    @Override
    public int totalConnections() {
        return lent.size();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return role.name().toLowerCase() + " " + endpoint;
    }
}
