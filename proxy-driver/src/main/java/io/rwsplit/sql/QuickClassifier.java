package io.rwsplit.sql;

import static io.rwsplit.sql.StatementKind.BEGIN;
import static io.rwsplit.sql.StatementKind.BEGIN_READ_ONLY;
import static io.rwsplit.sql.StatementKind.BEGIN_READ_WRITE;
import static io.rwsplit.sql.StatementKind.CALL;
import static io.rwsplit.sql.StatementKind.COMMIT;
import static io.rwsplit.sql.StatementKind.DDL;
import static io.rwsplit.sql.StatementKind.LOCKING_READ;
import static io.rwsplit.sql.StatementKind.READ;
import static io.rwsplit.sql.StatementKind.ROLLBACK;
import static io.rwsplit.sql.StatementKind.SESSION_PIN;
import static io.rwsplit.sql.StatementKind.SESSION_READ;
import static io.rwsplit.sql.StatementKind.SESSION_SET;
import static io.rwsplit.sql.StatementKind.TEMPORARY_TABLE;
import static io.rwsplit.sql.StatementKind.TRANSACTION_CONTROL;
import static io.rwsplit.sql.StatementKind.UNKNOWN;
import static io.rwsplit.sql.StatementKind.WRITE;

import io.rwsplit.sql.SqlLexer.Type;

/**
 * The rule stage: settles a statement from its tokens, by its first keyword and, for reads, a scan for locking
 * clauses and session functions. Returns null where the rules do not know the shape; the parser gets those.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>Reads (SELECT, TABLE, VALUES, WITH ... SELECT, parenthesized queries) are LOCKING_READ if any FOR UPDATE,
 *       FOR SHARE or LOCK IN SHARE MODE appears (subqueries included), else SESSION_READ if INTO (anywhere), a
 *       session function call, a session-bound system variable, SQL_CALC_FOUND_ROWS or an {@code @v :=} assignment
 *       appears, else READ. Stored functions called in a SELECT are not known to write; that is the usual limit.</li>
 *   <li>SHOW, DESCRIBE, EXPLAIN, DO and GET DIAGNOSTICS are SESSION_READ (primary unless hinted): SHOW WARNINGS and
 *       GET DIAGNOSTICS read the previous statement's state, DO is run for its side effects (DO GET_LOCK, DO
 *       RELEASE_LOCK). EXPLAIN ANALYZE of an UPDATE, DELETE, INSERT or REPLACE is WRITE.</li>
 *   <li>HANDLER, PREPARE, EXECUTE, DEALLOCATE / DROP PREPARE, LOCK and UNLOCK are SESSION_PIN: they create or use
 *       state that lives in one server session. So are FLUSH TABLES ... WITH READ LOCK and ... FOR EXPORT; other
 *       FLUSH, KILL, RESET, replication and plugin statements are DDL (administrative, primary, never replayed).</li>
 *   <li>XA, SAVEPOINT, RELEASE SAVEPOINT, ROLLBACK ... TO and COMMIT / ROLLBACK ... AND CHAIN are
 *       TRANSACTION_CONTROL (XA START included).</li>
 *   <li>CREATE / DROP TEMPORARY TABLE carry the table name unquoted, without its schema (a later {@code db.t} and a
 *       bare {@code t} both mention {@code t}); a DROP of several tables carries the first.</li>
 *   <li>JDBC call escapes ({@code {call p(?)}}, {@code {? = call f(?)}}) are CALL.</li>
 * </ul>
 * SET is in {@link SetRules}.
 */
final class QuickClassifier {

    private static final Classification[] PLAIN = plainVerdicts();

    private QuickClassifier() {
    }

    /** The rules' verdict (hint not applied), or null when only the parser might know. */
    static Classification classify(SqlLexer t) {
        Type first = t.type(0);
        if (first == Type.END) {
            return of(UNKNOWN);
        }
        if (t.isSymbol(0, '(')) {
            return parenthesized(t);
        }
        if (t.isSymbol(0, '{')) {
            return jdbcEscape(t);
        }
        if (first != Type.WORD) {
            return null;
        }
        return switch (t.upperText(0)) {
            case "SELECT", "TABLE", "VALUES" -> of(readKind(t, 0));
            case "WITH" -> with(t, 0);
            case "INSERT", "UPDATE", "DELETE", "REPLACE" -> of(WRITE);
            case "LOAD" -> of(t.isWord(1, "INDEX") ? DDL : WRITE);
            case "CALL" -> of(CALL);
            case "CREATE" -> create(t);
            case "DROP" -> drop(t);
            case "ALTER", "TRUNCATE", "RENAME", "GRANT", "REVOKE", "ANALYZE", "OPTIMIZE", "REPAIR", "CHECK", "KILL",
                 "RESET", "PURGE", "INSTALL", "UNINSTALL", "CHANGE", "STOP", "CACHE", "CLONE", "SHUTDOWN", "RESTART",
                 "IMPORT", "BINLOG" -> of(DDL);
            case "FLUSH" -> of(flush(t));
            case "SET" -> of(SetRules.classify(t));
            case "USE" -> of(SESSION_SET);
            case "BEGIN" -> of(t.has(t.isWord(1, "WORK") ? 2 : 1) ? UNKNOWN : BEGIN);
            case "START" -> of(start(t));
            case "COMMIT" -> of(chains(t) ? TRANSACTION_CONTROL : COMMIT);
            case "ROLLBACK" -> of(rollback(t));
            case "SAVEPOINT", "XA" -> of(TRANSACTION_CONTROL);
            case "RELEASE" -> of(t.isWord(1, "SAVEPOINT") ? TRANSACTION_CONTROL : UNKNOWN);
            case "LOCK", "UNLOCK", "HANDLER", "PREPARE", "EXECUTE", "DEALLOCATE" -> of(SESSION_PIN);
            case "SHOW", "DO" -> of(SESSION_READ);
            case "DESCRIBE", "DESC", "EXPLAIN" -> of(explain(t));
            case "GET" -> of(getDiagnostics(t));
            case "CHECKSUM" -> of(READ);
            default -> null;
        };
    }

    // ---- reads ----------------------------------------------------------------------------------------------------

    /** Scans every token from {@code from} on for what makes a read primary-bound. */
    static StatementKind readKind(SqlLexer t, int from) {
        boolean session = false;
        for (int i = from; t.has(i); i++) {
            Type type = t.type(i);
            if (type == Type.WORD && isLockingClause(t, i)) {
                return LOCKING_READ;
            }
            if (!session) {
                session = switch (type) {
                    case WORD -> isSessionWord(t, i);
                    case SYSTEM_VARIABLE -> SessionFunctions.isSessionSystemVariable(t.text(i));
                    case USER_VARIABLE -> t.type(i + 1) == Type.ASSIGN;
                    default -> false;
                };
            }
        }
        return session ? SESSION_READ : READ;
    }

    private static boolean isLockingClause(SqlLexer t, int i) {
        if (t.isWord(i, "FOR")) {
            return t.isWord(i + 1, "UPDATE") || t.isWord(i + 1, "SHARE");
        }
        return t.isWord(i, "LOCK") && t.isWord(i + 1, "IN") && t.isWord(i + 2, "SHARE") && t.isWord(i + 3, "MODE");
    }

    private static boolean isSessionWord(SqlLexer t, int i) {
        if (t.isWord(i, "INTO") || t.isWord(i, "SQL_CALC_FOUND_ROWS")) {
            return true;
        }
        if ((t.isWord(i, "NEXT") || t.isWord(i, "PREVIOUS")) && t.isWord(i + 1, "VALUE") && t.isWord(i + 2, "FOR")) {
            return true;
        }
        return t.isSymbol(i + 1, '(') && SessionFunctions.isSessionFunction(t, i);
    }

    /** {@code (SELECT ...) UNION (SELECT ...)}, {@code ((WITH ...))} and the like. */
    private static Classification parenthesized(SqlLexer t) {
        int i = 0;
        while (t.isSymbol(i, '(')) {
            i++;
        }
        if (t.isWord(i, "SELECT") || t.isWord(i, "TABLE") || t.isWord(i, "VALUES")) {
            return of(readKind(t, 0));
        }
        if (t.isWord(i, "WITH")) {
            return with(t, i);
        }
        return null;
    }

    /**
     * {@code WITH [RECURSIVE] name [(columns)] AS (query) [, ...] main}: the main statement decides. Locking clauses
     * and session functions inside the CTE bodies count for a read.
     */
    private static Classification with(SqlLexer t, int at) {
        int i = at + 1;
        if (t.isWord(i, "RECURSIVE")) {
            i++;
        }
        while (true) {
            if (t.name(i) == null) {
                return null;
            }
            i++;
            if (t.isSymbol(i, '(')) {
                i = afterGroup(t, i);
            }
            if (i < 0 || !t.isWord(i, "AS") || !t.isSymbol(i + 1, '(')) {
                return null;
            }
            i = afterGroup(t, i + 1);
            if (i < 0) {
                return null;
            }
            if (!t.isSymbol(i, ',')) {
                break;
            }
            i++;
        }
        while (t.isSymbol(i, '(')) {
            i++;
        }
        if (t.isWord(i, "SELECT") || t.isWord(i, "TABLE") || t.isWord(i, "VALUES")) {
            return of(readKind(t, 0));
        }
        if (t.isWord(i, "UPDATE") || t.isWord(i, "DELETE") || t.isWord(i, "INSERT") || t.isWord(i, "REPLACE")) {
            return of(WRITE);
        }
        return null;
    }

    /** Index just past the ')' that closes the '(' at {@code open}, or -1. */
    private static int afterGroup(SqlLexer t, int open) {
        int outer = t.depth(open);
        for (int i = open + 1; t.has(i); i++) {
            if (t.isSymbol(i, ')') && t.depth(i) == outer) {
                return i + 1;
            }
        }
        return -1;
    }

    private static StatementKind explain(SqlLexer t) {
        boolean analyze = false;
        for (int i = 1; t.has(i); i++) {
            if (t.isWord(i, "ANALYZE")) {
                analyze = true;
            } else if (t.depth(i) == 0 && t.type(i) == Type.WORD && isStatementStart(t, i)) {
                boolean write = t.isWord(i, "UPDATE") || t.isWord(i, "DELETE") || t.isWord(i, "INSERT")
                        || t.isWord(i, "REPLACE");
                return analyze && write ? WRITE : SESSION_READ;
            }
        }
        return SESSION_READ;
    }

    private static boolean isStatementStart(SqlLexer t, int i) {
        return t.isWord(i, "SELECT") || t.isWord(i, "WITH") || t.isWord(i, "TABLE") || t.isWord(i, "UPDATE")
                || t.isWord(i, "DELETE") || t.isWord(i, "INSERT") || t.isWord(i, "REPLACE");
    }

    private static StatementKind getDiagnostics(SqlLexer t) {
        int i = t.isWord(1, "CURRENT") || t.isWord(1, "STACKED") ? 2 : 1;
        return t.isWord(i, "DIAGNOSTICS") ? SESSION_READ : UNKNOWN;
    }

    /** {@code {call p(?)}} and {@code {? = call f(?)}}: Connector/J rewrites them to CALL. */
    private static Classification jdbcEscape(SqlLexer t) {
        int i = 1;
        if (t.isSymbol(1, '?') && t.isSymbol(2, '=')) {
            i = 3;
        }
        return t.isWord(i, "CALL") ? of(CALL) : null;
    }

    // ---- transactions ---------------------------------------------------------------------------------------------

    /** START TRANSACTION [READ ONLY | READ WRITE | WITH CONSISTENT SNAPSHOT][, ...], START REPLICA and friends. */
    private static StatementKind start(SqlLexer t) {
        if (!t.isWord(1, "TRANSACTION")) {
            return t.isWord(1, "REPLICA") || t.isWord(1, "SLAVE") || t.isWord(1, "GROUP_REPLICATION") ? DDL : UNKNOWN;
        }
        boolean readOnly = false;
        boolean readWrite = false;
        for (int i = 2; t.has(i); i++) {
            if (t.isWord(i, "READ")) {
                readOnly |= t.isWord(i + 1, "ONLY");
                readWrite |= t.isWord(i + 1, "WRITE");
            }
        }
        return readWrite ? BEGIN_READ_WRITE : readOnly ? BEGIN_READ_ONLY : BEGIN;
    }

    /**
     * ROLLBACK [WORK] [AND NO CHAIN] [[NO] RELEASE] ends; ROLLBACK [WORK] TO [SAVEPOINT] x and ROLLBACK AND CHAIN do
     * not.
     */
    private static StatementKind rollback(SqlLexer t) {
        int i = t.isWord(1, "WORK") ? 2 : 1;
        return t.isWord(i, "TO") || chains(t) ? TRANSACTION_CONTROL : ROLLBACK;
    }

    /**
     * COMMIT / ROLLBACK ... AND CHAIN: the server begins the next transaction at once, on the same connection, so the
     * statement does not end the session's hold on that server.
     */
    private static boolean chains(SqlLexer t) {
        for (int i = 1; t.has(i); i++) {
            if (t.isWord(i, "AND")) {
                return t.isWord(i + 1, "CHAIN");
            }
        }
        return false;
    }

    // ---- schema ---------------------------------------------------------------------------------------------------

    private static Classification create(SqlLexer t) {
        if (t.isWord(1, "TEMPORARY") && t.isWord(2, "TABLE")) {
            int i = 3;
            if (t.isWord(i, "IF") && t.isWord(i + 1, "NOT") && t.isWord(i + 2, "EXISTS")) {
                i += 3;
            }
            return temporaryTable(t, i);
        }
        return of(DDL);
    }

    private static Classification drop(SqlLexer t) {
        if (t.isWord(1, "TEMPORARY") && t.isWord(2, "TABLE")) {
            int i = 3;
            if (t.isWord(i, "IF") && t.isWord(i + 1, "EXISTS")) {
                i += 2;
            }
            return temporaryTable(t, i);
        }
        return of(t.isWord(1, "PREPARE") ? SESSION_PIN : DDL);
    }

    /** The (possibly schema-qualified) name at token i: the table part, unquoted. */
    private static Classification temporaryTable(SqlLexer t, int i) {
        String name = t.name(i);
        while (name != null && t.isSymbol(i + 1, '.')) {
            i += 2;
            name = t.name(i);
        }
        if (name == null || name.isEmpty()) {
            return of(UNKNOWN);
        }
        return new Classification(TEMPORARY_TABLE, RouteHint.NONE, name);
    }

    /** FLUSH TABLES ... WITH READ LOCK and FLUSH TABLES ... FOR EXPORT hold locks in the session. */
    private static StatementKind flush(SqlLexer t) {
        for (int i = 1; t.has(i); i++) {
            if ((t.isWord(i, "WITH") && t.isWord(i + 1, "READ") && t.isWord(i + 2, "LOCK"))
                    || (t.isWord(i, "FOR") && t.isWord(i + 1, "EXPORT"))) {
                return SESSION_PIN;
            }
        }
        return DDL;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static Classification[] plainVerdicts() {
        StatementKind[] kinds = StatementKind.values();
        Classification[] verdicts = new Classification[kinds.length];
        for (StatementKind kind : kinds) {
            verdicts[kind.ordinal()] = Classification.of(kind);
        }
        return verdicts;
    }

    /** The shared verdict for a kind without hint or table name. */
    static Classification of(StatementKind kind) {
        return PLAIN[kind.ordinal()];
    }
}
