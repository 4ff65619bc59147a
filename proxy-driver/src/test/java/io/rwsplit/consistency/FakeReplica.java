package io.rwsplit.consistency;

import io.rwsplit.monitor.ReplicationPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replica as the catch-up watcher sees it: answers {@code MASTER_GTID_WAIT} with 0 once its applied position
 * covers the one asked for, else -1 (a timeout); each wait first takes a permit, so a test decides when it answers.
 */
final class FakeReplica {

    final List<String> waits = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    final Semaphore answers = new Semaphore(1_000_000);
    volatile ReplicationPosition applied;
    /** Thrown by the next connect, once. */
    volatile SQLException connectFailure;

    Connection connect() throws SQLException {
        SQLException failure = connectFailure;
        if (failure != null) {
            connectFailure = null;
            throw failure;
        }
        connects.incrementAndGet();
        return FakeJdbc.proxy(Connection.class,
                (method, args) -> method.equals("createStatement") ? statement() : null);
    }

    private Statement statement() {
        return FakeJdbc.proxy(Statement.class, (method, args) -> {
            if (!method.equals("executeQuery")) {
                return null;
            }
            String sql = (String) args[0];
            waits.add(sql);
            answers.acquire();
            String quoted = sql.substring(sql.indexOf('\'') + 1, sql.lastIndexOf('\''));
            ReplicationPosition asked = ReplicationPosition.parseMariaDbGtid(quoted);
            ReplicationPosition now = applied;
            return FakeJdbc.oneRow(now != null && now.covers(asked) ? 0L : -1L);
        });
    }
}
