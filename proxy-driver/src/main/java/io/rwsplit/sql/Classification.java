package io.rwsplit.sql;

/**
 * The classifier's verdict on one SQL text. Immutable and cached by SQL text, so it never holds the parse tree.
 *
 * @param kind           what the statement does
 * @param hint           a routing hint from a leading comment, or {@link RouteHint#NONE}
 * @param temporaryTable for {@link StatementKind#TEMPORARY_TABLE}, the table's name as written (unquoted), else null
 */
public record Classification(StatementKind kind, RouteHint hint, String temporaryTable) {

    public Classification {
        if (kind == null || hint == null) {
            throw new IllegalArgumentException("kind and hint are required");
        }
    }

    public static Classification of(StatementKind kind) {
        return new Classification(kind, RouteHint.NONE, null);
    }

    public Classification withHint(RouteHint newHint) {
        return new Classification(kind, newHint, temporaryTable);
    }
}
