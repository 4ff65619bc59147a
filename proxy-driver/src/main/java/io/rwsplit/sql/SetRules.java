package io.rwsplit.sql;

import static io.rwsplit.sql.StatementKind.DDL;
import static io.rwsplit.sql.StatementKind.SESSION_PIN;
import static io.rwsplit.sql.StatementKind.SESSION_SET;
import static io.rwsplit.sql.StatementKind.UNKNOWN;

import io.rwsplit.sql.SqlLexer.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * SET statements. The router replays SESSION_SET on every backend the connection uses, so a SET is SESSION_SET only
 * when replaying it gives the same session everywhere:
 * <ul>
 *   <li>SESSION_SET: session and user variables ({@code SET x = 1}, {@code SET SESSION x}, {@code SET LOCAL x},
 *       {@code SET @@x}, {@code SET @@session.x}, {@code SET @u := 1}), SET NAMES, SET CHARACTER SET / CHARSET,
 *       SET [SESSION] TRANSACTION ... (including READ ONLY, which only shapes the next or later transactions), and
 *       SET autocommit (see {@link #autoCommit}).</li>
 *   <li>SESSION_PIN: SET GLOBAL / PERSIST / PERSIST_ONLY, {@code @@global.x}, {@code @@persist.x}, SET GLOBAL
 *       TRANSACTION (server-wide: they run once on the primary and are never replayed; the enum puts SET GLOBAL
 *       here), a list mixing global and session targets, SET ROLE and SET RESOURCE GROUP (privileges and thread
 *       placement of this session), and a session SET whose value could differ if evaluated again elsewhere: a
 *       session function ({@code SET @id = LAST_INSERT_ID()}), a session system variable, a subquery that reads a
 *       table (FROM), or any function not known to be deterministic ({@code SET @t = NOW()}).</li>
 *   <li>DDL: SET PASSWORD and SET DEFAULT ROLE, which change accounts.</li>
 * </ul>
 */
final class SetRules {

    /** One {@code target = value} item of a SET list: token indexes, value end exclusive. */
    private record Item(boolean global, int target, int valueStart, int valueEnd) {
    }

    private SetRules() {
    }

    /** Token 0 is SET. */
    static StatementKind classify(SqlLexer t) {
        if (t.isWord(1, "PASSWORD") || (t.isWord(1, "DEFAULT") && t.isWord(2, "ROLE"))) {
            return DDL;
        }
        if (t.isWord(1, "ROLE") || (t.isWord(1, "RESOURCE") && t.isWord(2, "GROUP"))) {
            return SESSION_PIN;
        }
        if (t.isWord(1, "TRANSACTION")) {
            return SESSION_SET;
        }
        if (isScopeWord(t, 1) && t.isWord(2, "TRANSACTION")) {
            return isGlobalScopeWord(t, 1) ? SESSION_PIN : SESSION_SET;
        }
        List<Item> items = items(t);
        if (items.isEmpty()) {
            return UNKNOWN;
        }
        for (Item item : items) {
            if (item.global() || !isReplayable(t, item)) {
                return SESSION_PIN;
            }
        }
        return SESSION_SET;
    }

    /**
     * The session autocommit value a single SET statement gives: {@code SET autocommit = 0|1|ON|OFF|TRUE|FALSE|'ON'|
     * 'OFF'}, with any of SESSION, LOCAL, {@code @@}, {@code @@session.}, {@code @@local.}, and {@code :=}; the last
     * one wins in a list. Null when the text sets no session autocommit, sets it to something else (DEFAULT, a
     * variable, an expression), or is not one well-formed statement. Valid only once the server accepted it.
     */
    static Boolean autoCommit(SqlLexer t) {
        if (!t.isWord(0, "SET")) {
            return null;
        }
        Boolean value = null;
        for (Item item : items(t)) {
            if (!item.global() && isAutoCommitTarget(t, item.target())) {
                value = autoCommitValue(t, item);
                if (value == null) {
                    return null;
                }
            }
        }
        t.drain();
        return t.multiStatement() || t.malformed() ? null : value;
    }

    /** Splits the list after SET at commas outside parentheses. */
    private static List<Item> items(SqlLexer t) {
        List<Item> items = new ArrayList<>(2);
        int i = 1;
        while (t.has(i)) {
            boolean global = false;
            if (isScopeWord(t, i) && t.has(i + 1) && !t.isSymbol(i + 1, '=')) {
                global = isGlobalScopeWord(t, i);
                i++;
            }
            if (t.type(i) == Type.SYSTEM_VARIABLE) {
                global |= SessionFunctions.isGlobalSystemVariable(t.text(i));
            }
            int target = i;
            i += t.isWord(i, "CHARACTER") && t.isWord(i + 1, "SET") ? 2 : 1;
            int valueStart = i;
            while (t.has(i) && !(t.isSymbol(i, ',') && t.depth(i) == 0)) {
                i++;
            }
            items.add(new Item(global, target, valueStart, i));
            i++;
        }
        return items;
    }

    private static boolean isScopeWord(SqlLexer t, int i) {
        return t.isWord(i, "SESSION") || t.isWord(i, "LOCAL") || isGlobalScopeWord(t, i);
    }

    private static boolean isGlobalScopeWord(SqlLexer t, int i) {
        return t.isWord(i, "GLOBAL") || t.isWord(i, "PERSIST") || t.isWord(i, "PERSIST_ONLY");
    }

    private static boolean isReplayable(SqlLexer t, Item item) {
        for (int i = item.valueStart(); i < item.valueEnd(); i++) {
            Type type = t.type(i);
            if (type == Type.WORD) {
                if (t.isWord(i, "FROM")) {
                    return false;
                }
                if (t.isSymbol(i + 1, '(') && !SessionFunctions.isReplayableFunction(t.text(i))) {
                    return false;
                }
            } else if (type == Type.SYSTEM_VARIABLE && SessionFunctions.isSessionSystemVariable(t.text(i))) {
                return false;
            } else if (type == Type.USER_VARIABLE && t.type(i + 1) == Type.ASSIGN) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAutoCommitTarget(SqlLexer t, int i) {
        if (t.type(i) == Type.SYSTEM_VARIABLE) {
            return SessionFunctions.systemVariableName(t.text(i)).equals("autocommit");
        }
        return t.isWord(i, "AUTOCOMMIT");
    }

    private static Boolean autoCommitValue(SqlLexer t, Item item) {
        int i = item.valueStart();
        if (!(t.isSymbol(i, '=') || t.type(i) == Type.ASSIGN) || item.valueEnd() != i + 2) {
            return null;
        }
        String value = t.upperText(i + 1);
        if (t.type(i + 1) == Type.STRING) {
            // Boolean system variables take the strings 'ON' and 'OFF', not '1' or 'TRUE'.
            value = value.substring(1, value.length() - 1);
            return value.equals("ON") ? Boolean.TRUE : value.equals("OFF") ? Boolean.FALSE : null;
        }
        if (t.type(i + 1) != Type.WORD) {
            return null;
        }
        return switch (value) {
            case "1", "ON", "TRUE" -> Boolean.TRUE;
            case "0", "OFF", "FALSE" -> Boolean.FALSE;
            default -> null;
        };
    }
}
