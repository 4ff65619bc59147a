package io.rwsplit.consistency;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ProbeConnector;
import io.rwsplit.monitor.ReplicationPosition;
import io.rwsplit.monitor.ServerKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns, off the app's threads, when a replica has applied a position that reads had to leave it for. Each replica
 * gets one daemon thread and one connection of the monitor's, started on first need; the thread waits on the server
 * ({@code MASTER_GTID_WAIT}, {@code WAIT_FOR_EXECUTED_GTID_SET}) for the newest position wanted, so any number of
 * writes cost one wait in flight per replica, and reports each position reached. Reads that need the position go to
 * the primary until then and to the replica after, without waiting themselves.
 */
final class CatchUpWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpWatcher.class);
    /** How long one wait may take on the server; a replica further behind is the monitor's business. */
    private static final long WAIT_MILLIS = 1_000;
    /** How long after the server's answer is due the connection gives up on a frozen replica. */
    private static final Duration ANSWER_LIMIT = Duration.ofMillis(WAIT_MILLIS + 1_000);
    /** How long a replica that failed a wait or a connect is left alone. */
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 1_000;

    private final String clusterName;
    private final ProbeConnector connector;
    private final Supplier<ServerKind> kind;
    private final BiConsumer<Endpoint, ReplicationPosition> reached;
    private final Map<Endpoint, Watch> watches = new ConcurrentHashMap<>();
    private final LongAdder waits = new LongAdder();
    private volatile boolean closed;

    /**
     * @param kind    the servers' kind, known once the primary has been asked; null before
     * @param reached told of each position a replica was seen to have applied
     */
    CatchUpWatcher(String clusterName, ProbeConnector connector, Supplier<ServerKind> kind,
                   BiConsumer<Endpoint, ReplicationPosition> reached) {
        this.clusterName = clusterName;
        this.connector = connector;
        this.kind = kind;
        this.reached = reached;
    }

    /** Asks to be told when {@code replica} has applied {@code needed}; returns at once. */
    void want(Endpoint replica, ReplicationPosition needed) {
        watchFor(replica, needed);
    }

    /**
     * Waits on this thread, at most {@code maxNanos}, until {@code replica} is seen to have applied {@code needed};
     * asks for it first if need be.
     *
     * @return whether it has
     */
    boolean awaitApplied(Endpoint replica, ReplicationPosition needed, long maxNanos) {
        Watch watch = watchFor(replica, needed);
        return watch != null && watch.awaitApplied(needed, maxNanos);
    }

    /** The replica's watch, asked for {@code needed}; null before the servers' kind is known or once closed. */
    private Watch watchFor(Endpoint replica, ReplicationPosition needed) {
        ServerKind known = kind.get();
        if (closed || known == null) {
            return null;
        }
        Watch watch = watches.computeIfAbsent(replica, this::startWatch);
        watch.want(needed, known);
        return watch;
    }

    /** The replica stopped serving: it may come back rebuilt, behind what it was seen to have applied. */
    void forget(Endpoint replica) {
        Watch watch = watches.get(replica);
        if (watch != null) {
            watch.forgetApplied();
        }
    }

    /** Waits run on the servers by this watcher. */
    long waits() {
        return waits.sum();
    }

    @Override
    public void close() {
        closed = true;
        for (Watch watch : watches.values()) {
            watch.stop();
        }
        watches.clear();
    }

    private Watch startWatch(Endpoint replica) {
        Watch watch = new Watch(replica);
        Thread thread = new Thread(watch, "rwsplit-" + clusterName + "-catch-up-" + replica);
        thread.setDaemon(true);
        watch.thread = thread;
        thread.start();
        return watch;
    }

    /** One replica's thread: waits on the server for the newest position wanted, one wait at a time. */
    private final class Watch implements Runnable {

        private final Endpoint replica;
        private Thread thread;
        /** The newest position wanted; guarded by this. */
        private ReplicationPosition wanted;
        /** The newest position the replica was seen to have applied; guarded by this. */
        private ReplicationPosition applied;
        private ServerKind serverKind;
        /**
         * How long the replica took to answer the last wait: a replica that took longer than a thread would wait
         * is not waited for. 0 before the first answer; the full wait after a timeout or a failure.
         */
        private volatile long lastWaitNanos;
        /** Used by the watch's thread; read by {@link #stop} to abort a wait in flight. */
        private volatile Connection connection;

        Watch(Endpoint replica) {
            this.replica = replica;
        }

        synchronized void want(ReplicationPosition needed, ServerKind known) {
            serverKind = known;
            if ((applied != null && applied.covers(needed)) || (wanted != null && wanted.covers(needed))) {
                return;
            }
            wanted = known.merge(wanted, needed);
            notifyAll();
        }

        synchronized boolean awaitApplied(ReplicationPosition needed, long maxNanos) {
            long deadline = System.nanoTime() + maxNanos;
            try {
                while (!closed && (applied == null || !applied.covers(needed))) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || lastWaitNanos > maxNanos) {
                        return false;
                    }
                    wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return !closed;
        }

        synchronized void forgetApplied() {
            applied = null;
            wanted = null;
        }

        synchronized void stop() {
            notifyAll();
            if (thread != null) {
                thread.interrupt();
            }
            // A wait in flight blocks on its socket, which an interrupt does not reach: aborting ends it now.
            Connection waiting = connection;
            if (waiting != null) {
                try {
                    waiting.abort(Runnable::run);
                } catch (SQLException | RuntimeException ignored) {
                    // Closing anyway: the thread ends at its next look at closed.
                }
            }
        }

        @Override
        public void run() {
            try {
                while (!closed) {
                    ReplicationPosition target = next();
                    if (target == null) {
                        break;
                    }
                    if (!await(target)) {
                        Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeConnection();
            }
        }

        /** The position to wait for next, once one is wanted that is not known applied; null once closed. */
        private synchronized ReplicationPosition next() throws InterruptedException {
            while (!closed && (wanted == null || (applied != null && applied.covers(wanted)))) {
                wait();
            }
            return closed ? null : wanted;
        }

        /** @return false when the wait failed or timed out, so the replica is left alone for a while */
        private boolean await(ReplicationPosition target) {
            try {
                if (connection == null) {
                    connection = connector.connect(replica, ANSWER_LIMIT);
                }
                waits.increment();
                boolean done;
                long started = System.nanoTime();
                try (Statement wait = connection.createStatement();
                     ResultSet result = wait.executeQuery(serverKind.waitSql(target, WAIT_MILLIS))) {
                    done = result.next() && ServerKind.waitReached(result.getLong(1)) && !result.wasNull();
                }
                lastWaitNanos = done ? System.nanoTime() - started : WAIT_MILLIS * 1_000_000;
                if (!done) {
                    return false;
                }
                // Told first, so that a read woken below finds the replica known to cover.
                reached.accept(replica, target);
                synchronized (this) {
                    applied = serverKind.merge(applied, target);
                    notifyAll();
                }
                return true;
            } catch (SQLException e) {
                lastWaitNanos = WAIT_MILLIS * 1_000_000;
                if (!closed) {
                    LOG.debug("{} - catching up on {} failed: {}", clusterName, replica, e.getMessage());
                }
                closeConnection();
                return false;
            }
        }

        private void closeConnection() {
            if (connection == null) {
                return;
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // It broke; a new one is opened for the next wait.
            }
            connection = null;
        }
    }
}
