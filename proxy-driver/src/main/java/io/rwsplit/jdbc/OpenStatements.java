package io.rwsplit.jdbc;

import java.sql.CallableStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statements of one logical connection that are not closed yet: closed with it, and asked about open work.
 * Callable statements are the server's own (they run where they were prepared), kept here only to be closed.
 */
final class OpenStatements {

    private final Set<RoutingStatement> statements = new HashSet<>();
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
        statements.remove(statement);
    }

    /** Whether some statement may still be reading results from {@code physical}. */
    boolean busyOn(PhysicalConnection physical) {
        for (RoutingStatement statement : statements) {
            if (statement.isBusyOn(physical)) {
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
