package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStateListener;
import io.rwsplit.monitor.ReplicaStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical connections executing a statement on each replica right now. When the monitor marks a replica DOWN
 * (a frozen server answers nothing, so without this a statement on it waits for its socket timeout, or for ever),
 * those connections are aborted on a thread of this class: the statements fail with Connector/J's communications
 * error and the driver retries or reports them as it does for any broken replica connection.
 */
public final class InFlightStatements implements ReplicaStateListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightStatements.class);

    /** One statement in flight; closing it says the statement is over. */
    public interface Entry extends AutoCloseable {
        @Override
        void close();
    }

    private static final Entry NOTHING = () -> {
    };

    private final String clusterName;
    private final Map<Endpoint, Set<Running>> running = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor aborter;
    private final AtomicInteger aborted = new AtomicInteger();

    InFlightStatements(String clusterName) {
        this.clusterName = clusterName;
        AtomicInteger threads = new AtomicInteger();
        this.aborter = new ThreadPoolExecutor(0, 2, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "rwsplit-" + clusterName + "-abort-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Records that a statement starts on {@code connection} to {@code backend}; only replicas are tracked. */
    public Entry enter(Backend backend, Connection connection) {
        if (backend.isPrimary()) {
            return NOTHING;
        }
        Running statement = new Running(backend, connection);
        running.computeIfAbsent(backend.endpoint(), e -> ConcurrentHashMap.newKeySet()).add(statement);
        return statement;
    }

    /** How many statements were aborted because their replica went DOWN. */
    public int abortedCount() {
        return aborted.get();
    }

    @Override
    public void onChange(ReplicaStatus previous, ReplicaStatus current, ReplicaSnapshot snapshot) {
        if (current.state() != ReplicaState.DOWN || previous.state() == ReplicaState.DOWN) {
            return;
        }
        Set<Running> statements = running.get(current.endpoint());
        if (statements == null || statements.isEmpty()) {
            return;
        }
        try {
            // Called on a monitor thread, or on an app thread that reported the failure: abort elsewhere.
            aborter.execute(() -> abortAll(current.endpoint(), statements));
        } catch (RejectedExecutionException closed) {
            LOG.debug("{} - not aborting statements on {}: closed", clusterName, current.endpoint());
        }
    }

    private void abortAll(Endpoint endpoint, Set<Running> statements) {
        int count = 0;
        for (Running statement : statements) {
            if (statement.abort()) {
                count++;
            }
        }
        if (count > 0) {
            aborted.addAndGet(count);
            LOG.warn("{} - replica {} is DOWN: aborted {} statement(s) in flight on it", clusterName, endpoint, count);
        }
    }

    /** Stops the abort thread. */
    @Override
    public void close() {
        aborter.shutdownNow();
    }

    private final class Running implements Entry {

        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int ABORTED = 2;

        private final Backend backend;
        private final Connection connection;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Running(Backend backend, Connection connection) {
            this.backend = backend;
            this.connection = connection;
        }

        /** Aborts the connection if its statement still runs. */
        boolean abort() {
            if (!state.compareAndSet(RUNNING, ABORTED)) {
                return false;
            }
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("{} - aborting a connection to {} failed: {}", clusterName, backend, e.toString());
            }
            return true;
        }

        @Override
        public void close() {
            Set<Running> statements = running.get(backend.endpoint());
            if (statements != null) {
                statements.remove(this);
            }
            if (!state.compareAndSet(RUNNING, DONE)) {
                // Aborted as the statement ended: the connection is dead, never hand it out again.
                try {
                    if (!connection.isClosed()) {
                        backend.evict(connection);
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("{} - evicting a connection to {} failed: {}", clusterName, backend, e.toString());
                }
            }
        }
    }
}
