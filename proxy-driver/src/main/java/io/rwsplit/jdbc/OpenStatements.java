package io.rwsplit.jdbc;

import java.sql.CallableStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one logical connection that are not closed yet: closed with it, and asked about open work.
 * Callable statements are the server's own (they run where they were prepared), kept here only to be closed.
 */
final class OpenStatements {

    /** A list, not a set: apps hold a few statements open at a time, and most close them in reverse order. */
    private final List<RoutingStatement> statements = new ArrayList<>();
    private final List<CallableStatement> callables = new ArrayList<>(0);

    <T extends RoutingStatement> T register(T statement) {
        statements.add(statement);
        return statement;
    }

    /** Keeps a callable statement to close with the connection; forgets those the app has closed meanwhile. */
    CallableStatement register(CallableStatement callable) {
        callables.removeIf(OpenStatements::isClosed);
        callables.add(callable);
        return callable;
    }

    void forget(RoutingStatement statement) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i) == statement) {
                statements.remove(i);
                return;
            }
        }
    }

    /** Whether some statement may still be reading results from {@code physical}. */
    boolean busyOn(PhysicalConnection physical) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).isBusyOn(physical)) {
                return true;
            }
        }
        return false;
    }

    /** Closes every open statement, ignoring failures: their connection is going away. */
    void closeAll() {
        for (RoutingStatement statement : new ArrayList<>(statements)) {
            statement.closeQuietly();
        }
        statements.clear();
        for (CallableStatement callable : callables) {
            try {
                callable.close();
            } catch (SQLException ignored) {
                // As above: the physical connection goes back to its pool or is evicted next.
            }
        }
        callables.clear();
    }

    /** Forgets every statement without closing it: the physical connections were aborted. */
    void clear() {
        statements.clear();
        callables.clear();
    }

    private static boolean isClosed(Statement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
