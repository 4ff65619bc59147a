package io.rwsplit.jdbc;

import com.mysql.cj.jdbc.result.ResultSetInternalMethods;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The result sets our statements hand out. A read-only one is Connector/J's own, told which logical statement owns
 * it (its {@code getStatement()} then answers ours, as Connector/J's own pooled wrappers arrange), so reading rows
 * costs nothing over Connector/J: no proxy call, no boxing. An updatable one goes through {@link PassThrough} and the
 * pool's own wrapper, which notes that its row changes need a commit.
 */
final class OwnedResults {

    private OwnedResults() {
    }

    static ResultSet of(ResultSet physical, Connection connection, Statement owner) throws SQLException {
        if (physical == null) {
            return null;
        }
        if (physical.getConcurrency() == ResultSet.CONCUR_READ_ONLY
                && physical.isWrapperFor(ResultSetInternalMethods.class)) {
            ResultSetInternalMethods own = physical.unwrap(ResultSetInternalMethods.class);
            own.setWrapperStatement(owner);
            return own;
        }
        return PassThrough.wrap(ResultSet.class, physical, connection, owner);
    }
}
