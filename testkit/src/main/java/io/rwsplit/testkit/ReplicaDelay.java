package io.rwsplit.testkit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Sets the replication delay of any replica, one the testkit started or not, through an administrator's connection
 * to it. The statements follow the server's flavor, told from its version.
 */
public final class ReplicaDelay {

    private ReplicaDelay() {
    }

    /** Sets the delay to {@code seconds} (0 removes it), leaving the applier running or stopped as it was. */
    public static void set(Connection replica, int seconds) throws SQLException {
        if (seconds < 0) {
            throw new IllegalArgumentException("replication delay must be >= 0 s, was " + seconds);
        }
        Flavor flavor = Flavor.ofVersionString(Sql.queryString(replica, "SELECT VERSION()"));
        new Replication(flavor).setDelay(replica, seconds);
    }
}
