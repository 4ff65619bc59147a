package io.rwsplit.consistency;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A primary connection that answers {@code SELECT @@last_gtid} with whatever GTID the test set last, and records
 * the statements it was sent. Not a Connector/J connection, so it never tracks session state.
 */
final class FakePrimary {

    final List<String> sent = new ArrayList<>();
    private final String version;
    String lastGtid = "";
    /** Thrown by isWrapperFor and unwrap: a Connector/J release whose internal classes are gone or changed. */
    LinkageError internalsMissing;

    FakePrimary(String version) {
        this.version = version;
    }

    Connection connection() {
        return proxy(Connection.class, (method, args) -> switch (method) {
            case "getMetaData" -> proxy(DatabaseMetaData.class,
                    (m, a) -> m.equals("getDatabaseProductVersion") ? version : null);
            case "createStatement" -> statement();
            case "isWrapperFor", "unwrap" -> {
                if (internalsMissing != null) {
                    throw internalsMissing;
                }
                yield method.equals("isWrapperFor") ? false : null;
            }
            default -> null;
        });
    }

    private Statement statement() {
        return proxy(Statement.class, (method, args) -> switch (method) {
            case "executeQuery" -> {
                sent.add((String) args[0]);
                yield answer(lastGtid);
            }
            case "execute" -> {
                sent.add((String) args[0]);
                yield false;
            }
            default -> null;
        });
    }

    private static ResultSet answer(String value) {
        boolean[] read = {false};
        return proxy(ResultSet.class, (method, args) -> switch (method) {
            case "next" -> {
                boolean first = !read[0];
                read[0] = true;
                yield first;
            }
            case "getString" -> value;
            default -> null;
        });
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(FakePrimary.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
