package io.rwsplit.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs a journal's executions again, in order, on another server's connection, inside the transaction that connection
 * has open, and compares each answer with what the app saw the first time.
 */
final class JournalReplay {

    private JournalReplay() {
    }

    /**
     * @return how the first execution whose answer differs differed (its SQL cut short, no parameter values), or null
     *         when every answer matched
     * @throws SQLException the replay could not run: the caller treats the transaction as not replayable
     */
    static String replay(TransactionJournal journal, Connection target) throws SQLException {
        for (JournalEntry entry : journal.entries()) {
            String difference = replay(entry, target);
            if (difference != null) {
                return "the result of \"" + Dispatcher.abbreviate(entry.execution.sql()) + "\" differed: " + difference;
            }
        }
        return null;
    }

    private static String replay(JournalEntry entry, Connection target) throws SQLException {
        Execution execution = entry.execution;
        if (entry.isBatch()) {
            return compare(entry, runBatch(execution, target, entry.isLarge()));
        }
        try (Statement statement = prepare(execution, target)) {
            if (entry.isQuery()) {
                try (ResultSet results = statement instanceof PreparedStatement prepared ? prepared.executeQuery()
                        : statement.executeQuery(execution.sql())) {
                    return entry.rows() == null ? null : entry.rows().compareWith(results);
                }
            }
            if (entry.isExecute()) {
                boolean hasResults = statement instanceof PreparedStatement prepared ? prepared.execute()
                        : statement.execute(execution.sql());
                String difference = compare(entry, hasResults);
                if (difference != null || !hasResults || entry.rows() == null) {
                    return difference;
                }
                try (ResultSet results = statement.getResultSet()) {
                    return entry.rows().compareWith(results);
                }
            }
            Object count;
            if (statement instanceof PreparedStatement prepared) {
                count = entry.isLarge() ? (Object) prepared.executeLargeUpdate() : (Object) prepared.executeUpdate();
            } else {
                count = entry.isLarge() ? (Object) statement.executeLargeUpdate(execution.sql())
                        : (Object) statement.executeUpdate(execution.sql());
            }
            return compare(entry, count);
        }
    }

    private static Statement prepare(Execution execution, Connection target) throws SQLException {
        if (execution.parameters() == null) {
            return target.createStatement();
        }
        PreparedStatement prepared = target.prepareStatement(execution.sql());
        execution.parameters().applyTo(prepared);
        return prepared;
    }

    private static Object runBatch(Execution execution, Connection target, boolean large) throws SQLException {
        boolean prepared = execution.batch().get(0).parameters() != null;
        try (Statement statement = prepared ? target.prepareStatement(execution.sql()) : target.createStatement()) {
            for (Execution item : execution.batch()) {
                if (prepared) {
                    item.parameters().applyTo((PreparedStatement) statement);
                    ((PreparedStatement) statement).addBatch();
                } else {
                    statement.addBatch(item.sql());
                }
            }
            return large ? statement.executeLargeBatch() : statement.executeBatch();
        }
    }

    private static String compare(JournalEntry entry, Object replayed) {
        if (entry.sameOutcome(replayed)) {
            return null;
        }
        String text = replayed instanceof int[] || replayed instanceof long[]
                ? new JournalEntry(entry.execution, replayed).outcomeText() : String.valueOf(replayed);
        return "it answered " + text + " where the app had been given " + entry.outcomeText();
    }
}
