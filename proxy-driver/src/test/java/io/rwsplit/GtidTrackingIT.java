package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How read-your-writes learns a write's GTID, by the primary's general log: from the write's own OK packet through
 * Connector/J's session state tracking (an internal API, so this runs on every Connector/J release CI tests), or, when
 * that is off, by asking after the write. Either way the read that follows sees the write.
 */
class GtidTrackingIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("gtid-tracking-it").replicas(2).generalLog(true).start();
        cluster.setUp("CREATE TABLE notes (id INT PRIMARY KEY, text VARCHAR(40))");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void learnsEachWritesGtidFromItsOwnReplyWithoutAskingTheServer() throws SQLException {
        long askedBefore = askedForGtids();
        writeThenRead("tracked", "", 1);
        assertThat(askedForGtids() - askedBefore).as("SELECT @@last_gtid on the primary").isZero();
    }

    @Test
    void asksTheServerAfterEachWriteWhenSessionStateIsNotTracked() throws SQLException {
        long askedBefore = askedForGtids();
        writeThenRead("asked", "&trackSessionState=false", 101);
        assertThat(askedForGtids() - askedBefore).as("SELECT @@last_gtid on the primary").isEqualTo(20);
    }

    /** 20 writes, each read back at once on a replica (read-your-writes' default: gtid). */
    private static void writeThenRead(String clusterName, String extra, int firstId) throws SQLException {
        String url = ClusterUrls.withCredentials(cluster, clusterName, extra);
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (int id = firstId; id < firstId + 20; id++) {
                statement.executeUpdate("INSERT INTO notes VALUES (" + id + ", 'note " + id + "')");
                try (ResultSet row = statement.executeQuery("SELECT text FROM notes WHERE id = " + id)) {
                    assertThat(row.next()).as("row " + id + " read right after its write").isTrue();
                    assertThat(row.getString(1)).isEqualTo("note " + id);
                }
            }
        }
    }

    private static long askedForGtids() {
        return cluster.statementsSeen(cluster.primary(), "@@last_gtid")
                + cluster.statementsSeen(cluster.primary(), "@@GLOBAL.gtid_executed");
    }
}
