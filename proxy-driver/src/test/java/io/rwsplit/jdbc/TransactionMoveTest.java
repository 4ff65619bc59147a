package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.cluster.StandInCluster;
import io.rwsplit.cluster.TransactionStatistics.Mismatch;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Optimistic transactions and replays over stand-in servers: where each statement ran, what was replayed, and what
 * the app is told when a replay differs.
 */
class TransactionMoveTest {

    private static final String READ = "SELECT stock FROM items WHERE id = 1";
    private static final String WRITE = "UPDATE items SET stock = stock - 1 WHERE id = 1";

    private final StandInCluster servers = new StandInCluster(2, true);
    private Connection connection = new RoutingConnection(servers.cluster());

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void runsATransactionThatOnlyReadsOnAReplica() throws SQLException {
        connection.setAutoCommit(false);
        assertThat(readStock()).isEqualTo("0");
        connection.commit();
        assertThat(servers.ranOn("replica1")).containsExactly("SET autocommit=0", READ, "COMMIT");
        assertThat(servers.ranOn("primary")).isEmpty();
    }

    @Test
    void movesToThePrimaryAtTheFirstWriteReplayingWhatItRead() throws SQLException {
        answerStock("replica1", "5");
        answerStock("primary", "5");
        connection.setAutoCommit(false);
        assertThat(readStock()).isEqualTo("5");
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(WRITE);
        }
        connection.commit();
        assertThat(servers.ranOn("replica1")).containsExactly("SET autocommit=0", READ, "ROLLBACK");
        assertThat(servers.ranOn("primary")).containsExactly("SET autocommit=0", READ, WRITE, "COMMIT");
        assertThat(servers.cluster().transactionStatistics().promotions()).isEqualTo(1);
    }

    @Test
    void rollsBackWith40001WhenTheReplayReadsSomethingElseAndStaysUsable() throws SQLException {
        answerStock("replica1", "5");
        answerStock("primary", "4");
        connection.setAutoCommit(false);
        assertThat(readStock()).isEqualTo("5");
        try (Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate(WRITE))
                    .isInstanceOf(SQLTransactionRollbackException.class)
                    .hasFieldOrPropertyWithValue("SQLState", "40001")
                    .hasMessageContaining("can be run again")
                    .hasMessageContaining(READ);
        }
        connection.rollback();
        assertThat(servers.ranOn("primary")).containsExactly("SET autocommit=0", READ, "ROLLBACK");
        assertThat(servers.cluster().transactionStatistics().mismatches(Mismatch.RESULT_DIFFERED)).isEqualTo(1);

        answerStock("replica1", "4");
        answerStock("replica2", "4");
        assertThat(readStock()).isEqualTo("4");
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(WRITE);
        }
        connection.commit();
        assertThat(servers.ranOn("primary")).endsWith(READ, WRITE, "COMMIT");
    }

    @Test
    void preparesEachTextOnceWhenItReplaysIt() throws SQLException {
        String byId = "SELECT stock FROM items WHERE id = ?";
        String nameById = "SELECT name FROM items WHERE id = ?";
        for (int server = 0; server < 2; server++) {
            var stub = server == 0 ? servers.primary().server() : servers.replica(1).server();
            stub.answer(byId + " [1]", row("5"));
            stub.answer(byId + " [2]", row("7"));
            stub.answer(nameById + " [2]", row("pen"));
        }
        connection.setAutoCommit(false);
        for (int id : new int[] {1, 2, 1}) {
            try (PreparedStatement read = connection.prepareStatement(byId)) {
                read.setInt(1, id);
                try (ResultSet rows = read.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                }
            }
        }
        try (PreparedStatement read = connection.prepareStatement(nameById)) {
            read.setInt(1, 2);
            read.executeQuery().close();
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(WRITE);
        }
        connection.commit();
        assertThat(servers.ranOn("primary")).containsExactly("SET autocommit=0", byId + " [1]", byId + " [2]",
                byId + " [1]", nameById + " [2]", WRITE, "COMMIT");
        assertThat(servers.primary().server().prepares()).isEqualTo(2);
    }

    @Test
    void comparesOnlyTheRowsTheAppRead() throws SQLException {
        servers.replica(1).server().answer("SELECT id FROM items", row("1"), row("2"), row("3"));
        servers.primary().server().answer("SELECT id FROM items", row("1"), row("2"), row("99"));
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM items")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.next()).isTrue();
            statement.executeUpdate(WRITE);
        }
        connection.commit();
        assertThat(servers.ranOn("primary")).containsExactly("SET autocommit=0", "SELECT id FROM items", WRITE,
                "COMMIT");
    }

    @Test
    void noticesARowMissingFromTheReplay() throws SQLException {
        servers.replica(1).server().answer("SELECT id FROM items", row("1"), row("2"));
        servers.primary().server().answer("SELECT id FROM items", row("1"));
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM items")) {
            while (rows.next()) {
                rows.getString(1);
            }
            assertThatThrownBy(() -> statement.executeUpdate(WRITE)).hasMessageContaining("1 row(s) where the app had "
                    + "read 2");
        }
    }

    @Test
    void givesUpOnAJournalPastItsLimit() throws SQLException {
        servers.journalLimit(100);
        connection.close();
        connection = new RoutingConnection(servers.cluster());
        connection.setAutoCommit(false);
        readStock();
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 'a long enough statement to pass a journal limit of one hundred bytes'");
            assertThatThrownBy(() -> statement.executeUpdate(WRITE)).isInstanceOf(SQLTransactionRollbackException.class)
                    .hasMessageContaining("rwsplit.transactionJournalLimit=100");
        }
        assertThat(servers.ranOn("primary")).isEmpty();
        assertThat(servers.ranOn("replica1")).endsWith("ROLLBACK");
        assertThat(servers.cluster().transactionStatistics().mismatches(Mismatch.JOURNAL_LIMIT)).isEqualTo(1);
    }

    @Test
    void goesOnOnTheOtherReplicaWhenTheReplicaOfAReadOnlyTransactionBreaks() throws SQLException {
        answerStock("replica1", "5");
        answerStock("replica2", "5");
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        assertThat(readStock()).isEqualTo("5");
        servers.replica(1).server().breakNext();
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 2");
        }
        connection.commit();
        assertThat(servers.ranOn("replica2")).containsExactly("SET autocommit=0", READ, "SELECT 2", "COMMIT");
        assertThat(servers.cluster().transactionStatistics().replays()).isEqualTo(1);
        assertThat(servers.health().reported()).containsExactly(servers.replica(1).endpoint());
    }

    @Test
    void goesOnElsewhereWhenTheReplicaWasCutOffBetweenStatements() throws SQLException {
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        readStock();
        servers.replica(1).cutOff();
        readStock();
        connection.commit();
        assertThat(servers.ranOn("replica2")).containsExactly("SET autocommit=0", READ, READ, "COMMIT");
    }

    @Test
    void commitsAReadOnlyTransactionWhoseReplicaBrokeAfterItsLastRead() throws SQLException {
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        readStock();
        servers.replica(1).cutOff();
        connection.commit();
        assertThat(servers.log()).containsExactly("replica1: SET autocommit=0", "replica1: " + READ);
    }

    @Test
    void cannotReplayWhatSentAStream() throws SQLException {
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        try (PreparedStatement query = connection.prepareStatement("SELECT ? AS blob_value")) {
            query.setBinaryStream(1, new ByteArrayInputStream(new byte[] {1, 2}));
            query.executeQuery();
        }
        servers.replica(1).server().breakNext();
        assertThatThrownBy(this::readStock).isInstanceOf(SQLTransactionRollbackException.class)
                .hasMessageContaining("stream");
        assertThat(servers.cluster().transactionStatistics().mismatches(Mismatch.NOT_REPLAYABLE)).isEqualTo(1);
    }

    @Test
    void keepsAReadWriteTransactionOnThePrimaryWhenItStartsWithAWrite() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(WRITE);
        }
        readStock();
        connection.commit();
        assertThat(servers.ranOn("primary")).containsExactly("SET autocommit=0", WRITE, READ, "COMMIT");
        assertThat(servers.ranOn("replica1")).isEmpty();
    }

    private String readStock() throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(READ)) {
            return rows.next() ? rows.getString(1) : "0";
        }
    }

    private void answerStock(String server, String stock) {
        switch (server) {
            case "primary" -> servers.primary().server().answer(READ, row(stock));
            case "replica1" -> servers.replica(1).server().answer(READ, row(stock));
            default -> servers.replica(2).server().answer(READ, row(stock));
        }
    }

    private static String[] row(String... values) {
        return values;
    }
}
