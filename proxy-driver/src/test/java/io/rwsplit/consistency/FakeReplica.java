package io.rwsplit.consistency;

import io.rwsplit.monitor.ReplicationPosition;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
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
        return proxy(Connection.class, (method, args) -> method.equals("createStatement") ? statement() : null);
    }

    private Statement statement() {
        return proxy(Statement.class, (method, args) -> {
            if (!method.equals("executeQuery")) {
                return null;
            }
            String sql = (String) args[0];
            waits.add(sql);
            answers.acquire();
            String quoted = sql.substring(sql.indexOf('\'') + 1, sql.lastIndexOf('\''));
            ReplicationPosition asked = ReplicationPosition.parseMariaDbGtid(quoted);
            ReplicationPosition now = applied;
            return result(now != null && now.covers(asked) ? 0 : -1);
        });
    }

    private static ResultSet result(long value) {
        boolean[] read = {false};
        return proxy(ResultSet.class, (method, args) -> switch (method) {
            case "next" -> {
                boolean first = !read[0];
                read[0] = true;
                yield first;
            }
            case "getLong" -> value;
            case "wasNull" -> false;
            default -> null;
        });
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(FakeReplica.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
