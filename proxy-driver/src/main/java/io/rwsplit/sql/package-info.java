/**
 * SQL classification for routing. {@link io.rwsplit.sql.SqlClassifier} turns a SQL text into a
 * {@link io.rwsplit.sql.Classification}: a {@link io.rwsplit.sql.StatementKind}, a {@link io.rwsplit.sql.RouteHint}
 * from a leading comment, and the name of a temporary table created or dropped. Everything else in the package
 * (lexer, rules, parser fallback, cache) is package-private.
 */
package io.rwsplit.sql;
