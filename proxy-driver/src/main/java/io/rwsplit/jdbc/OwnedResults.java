package io.rwsplit.jdbc;

import com.mysql.cj.jdbc.result.ResultSetInternalMethods;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.LoggerFactory;

/**
 * The result sets our statements hand out. A read-only one is Connector/J's own, told which logical statement owns
 * it (its {@code getStatement()} then answers ours, as Connector/J's own pooled wrappers arrange), so reading rows
 * costs nothing over Connector/J: no proxy call, no boxing. An updatable one goes through {@link PassThrough} and the
 * pool's own wrapper, which notes that its row changes need a commit.
 */
final class OwnedResults {

    /** Whether Connector/J's result sets take an owning statement; false once its internal API was found missing. */
    private static volatile boolean ownable = true;

    private OwnedResults() {
    }

    static ResultSet of(ResultSet physical, Connection connection, Statement owner) throws SQLException {
        if (physical == null) {
            return null;
        }
        if (ownable && physical.getConcurrency() == ResultSet.CONCUR_READ_ONLY) {
            try {
                if (physical.isWrapperFor(ResultSetInternalMethods.class)) {
                    ResultSetInternalMethods own = physical.unwrap(ResultSetInternalMethods.class);
                    own.setWrapperStatement(owner);
                    return own;
                }
            } catch (LinkageError | RuntimeException e) {
                // A Connector/J release without this internal API: wrap its result sets instead, a little slower.
                ownable = false;
                LoggerFactory.getLogger(OwnedResults.class).warn("Connector/J's result sets cannot be handed out as "
                        + "they are ({}): they are wrapped instead", e.toString());
            }
        }
        return PassThrough.wrap(ResultSet.class, physical, connection, owner);
    }
}
