package io.rwsplit.consistency;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
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
        return FakeJdbc.proxy(Connection.class, (method, args) -> switch (method) {
            case "getMetaData" -> FakeJdbc.proxy(DatabaseMetaData.class,
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
        return FakeJdbc.proxy(Statement.class, (method, args) -> switch (method) {
            case "executeQuery" -> {
                sent.add((String) args[0]);
                yield FakeJdbc.oneRow(lastGtid);
            }
            case "execute" -> {
                sent.add((String) args[0]);
                yield false;
            }
            default -> null;
        });
    }
}
