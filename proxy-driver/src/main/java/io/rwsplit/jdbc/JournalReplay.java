package io.rwsplit.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a journal's executions again, in order, on another server's connection, inside the transaction that connection
 * has open, and compares each answer with what the app saw the first time. Consecutive reads go together in one
 * round trip where they can ({@link CombinedReads}); a text prepared more than once (an ORM runs the same few
 * statements again and again) is prepared once per replay.
 */
final class JournalReplay implements AutoCloseable {

    private final Connection target;
    /** The replay's prepared statements by their text. */
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private final CombinedReads combined = new CombinedReads();

    private JournalReplay(Connection target) {
        this.target = target;
    }

    /**
     * @return how the first execution whose answer differs differed (its SQL cut short, no parameter values), or null
     *         when every answer matched
     * @throws SQLException the replay could not run: the caller treats the transaction as not replayable
     */
    static String replay(TransactionJournal journal, Connection target) throws SQLException {
        List<JournalEntry> entries = journal.entries();
        try (JournalReplay replay = new JournalReplay(target)) {
            int next = 0;
            while (next < entries.size()) {
                int run = replay.combined.runFrom(entries, next);
                if (run >= 2 && replay.combined.allAsSeen(entries.subList(next, next + run), target)) {
                    next += run;
                    continue;
                }
                for (int end = next + Math.max(run, 1); next < end; next++) {
                    JournalEntry entry = entries.get(next);
                    String difference = replay.replay(entry);
                    if (difference != null) {
                        return "the result of \"" + Dispatcher.abbreviate(entry.execution.sql()) + "\" differed: "
                                + difference;
                    }
                }
            }
            return null;
        }
    }

    private String replay(JournalEntry entry) throws SQLException {
        Execution execution = entry.execution;
        if (entry.isBatch()) {
            return compare(entry, runBatch(execution, target, entry.isLarge()));
        }
        Statement statement = statementFor(execution);
        try {
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
        } finally {
            if (!(statement instanceof PreparedStatement)) {
                statement.close();
            }
        }
    }

    /** A plain statement for a text without parameters; else the replay's prepared one, its parameters set anew. */
    private Statement statementFor(Execution execution) throws SQLException {
        if (execution.parameters() == null) {
            return target.createStatement();
        }
        PreparedStatement statement = prepared.get(execution.sql());
        if (statement == null) {
            statement = target.prepareStatement(execution.sql());
            prepared.put(execution.sql(), statement);
        } else {
            statement.clearParameters();
        }
        execution.parameters().applyTo(statement);
        return statement;
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
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
