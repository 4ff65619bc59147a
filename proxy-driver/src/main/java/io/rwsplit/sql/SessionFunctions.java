package io.rwsplit.sql;

import java.util.Locale;
import java.util.Set;

/** What in an expression depends on, or changes, this server session's state, and what is safe to evaluate twice. */
final class SessionFunctions {

    /** Calls whose result or effect belongs to one server session (MariaDB's sequence functions included). */
    private static final String[] SESSION_FUNCTIONS = {
        "LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT", "CONNECTION_ID",
        "GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS", "IS_USED_LOCK", "IS_FREE_LOCK",
        "NEXTVAL", "LASTVAL", "SETVAL",
    };

    /** System variables that report the session's last statement rather than configuration. */
    private static final Set<String> SESSION_SYSTEM_VARIABLES =
            Set.of("identity", "last_insert_id", "warning_count", "error_count");

    /**
     * Functions that give the same answer on every backend for the same session variables, so a SET that uses them
     * can be replayed (e.g. {@code SET sql_mode = REPLACE(@@sql_mode, 'ONLY_FULL_GROUP_BY', '')}). Anything else in
     * a SET value (NOW(), UUID(), RAND(), stored functions) could differ per backend.
     */
    private static final Set<String> REPLAYABLE_FUNCTIONS = Set.of(
            "CONCAT", "CONCAT_WS", "REPLACE", "IF", "IFNULL", "NULLIF", "COALESCE", "LOWER", "UPPER", "LCASE",
            "UCASE", "TRIM", "LTRIM", "RTRIM", "SUBSTRING", "SUBSTR", "SUBSTRING_INDEX", "LEFT", "RIGHT", "LPAD",
            "RPAD", "CAST", "CONVERT", "GREATEST", "LEAST", "ABS", "ROUND", "FLOOR", "CEIL", "CEILING", "LENGTH",
            "CHAR_LENGTH", "FIND_IN_SET", "LOCATE", "INSTR", "HEX", "UNHEX", "CHAR");

    private SessionFunctions() {
    }

    /** Token i is a session function's name (the caller has checked that '(' follows). */
    static boolean isSessionFunction(SqlLexer t, int i) {
        for (String function : SESSION_FUNCTIONS) {
            if (t.isWord(i, function)) {
                return true;
            }
        }
        return false;
    }

    static boolean isReplayableFunction(String name) {
        return REPLAYABLE_FUNCTIONS.contains(name.toUpperCase(Locale.ROOT));
    }

    /** {@code @@IDENTITY}, {@code @@session.last_insert_id}, {@code @@warning_count} and the like. */
    static boolean isSessionSystemVariable(String token) {
        return SESSION_SYSTEM_VARIABLES.contains(systemVariableName(token));
    }

    /** The variable's name in lower case without {@code @@} and scope: {@code @@SESSION.Sql_Mode} gives sql_mode. */
    static String systemVariableName(String token) {
        String name = token.startsWith("@@") ? token.substring(2) : token;
        int dot = name.indexOf('.');
        return (dot < 0 ? name : name.substring(dot + 1)).toLowerCase(Locale.ROOT);
    }

    /** Whether a {@code @@scope.name} token names a server-wide value: global, persist or persist_only. */
    static boolean isGlobalSystemVariable(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        return lower.startsWith("@@global.") || lower.startsWith("@@persist.") || lower.startsWith("@@persist_only.");
    }
}
