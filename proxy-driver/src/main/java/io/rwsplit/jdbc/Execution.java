package io.rwsplit.jdbc;

import io.rwsplit.sql.Classification;
import io.rwsplit.sql.StatementKind;
import java.util.List;

/**
 * What one call runs, as the dispatch path needs to know it: the statement the router decides on, and for a batch
 * each statement in it, so that the session state each one changes is tracked and replayed like a single one's.
 *
 * @param sql            the statement routed and logged; for a batch its first one; null for a JDBC call (commit)
 * @param classification decides the route; for a batch the strongest of its statements
 * @param parameters     a prepared statement's parameters, or null
 * @param batch          the statements of a batch, in order; null for a single statement
 */
record Execution(String sql, Classification classification, Parameters parameters, List<Execution> batch) {

    static Execution of(String sql, Classification classification, Parameters parameters) {
        return new Execution(sql, classification, parameters, null);
    }

    /** A JDBC call that ends or may commit a transaction: commit(), a callable statement's execution. */
    static Execution call(String sql, StatementKind kind) {
        return new Execution(sql, Classification.of(kind), null, null);
    }

    /**
     * A batch runs as a whole on one backend: the open transaction's, else the primary, even when it only reads (the
     * strongest kind is then UNKNOWN, which the router sends to the primary).
     */
    static Execution batch(List<Execution> statements) {
        boolean anyWrite = false;
        boolean onlyReadsAndWrites = true;
        for (Execution statement : statements) {
            StatementKind kind = statement.kind();
            if (kind == StatementKind.WRITE || kind == StatementKind.DDL) {
                anyWrite = true;
            } else if (kind != StatementKind.READ) {
                onlyReadsAndWrites = false;
            }
        }
        StatementKind strongest = anyWrite && onlyReadsAndWrites ? StatementKind.WRITE : StatementKind.UNKNOWN;
        return new Execution(statements.get(0).sql(), Classification.of(strongest), null, List.copyOf(statements));
    }

    StatementKind kind() {
        return classification.kind();
    }

    /** The single statement, or each statement of the batch. */
    List<Execution> statements() {
        return batch == null ? List.of(this) : batch;
    }
}
