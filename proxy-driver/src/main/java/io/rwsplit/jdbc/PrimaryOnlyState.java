package io.rwsplit.jdbc;

import io.rwsplit.sql.Classification;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Session state that cannot be replayed on another backend, so it lives on the primary only: temporary tables,
 * {@code LOCK TABLES}, named locks and user variables assigned inside a SELECT. The reads that depend on it go to
 * the primary, and a connection that holds such state is evicted instead of going back to its pool.
 */
final class PrimaryOnlyState {

    /** {@code @v := ...} or {@code INTO @v}: a SELECT that leaves a value in a user variable. */
    private static final Pattern ASSIGNS_USER_VARIABLE =
            Pattern.compile("@[`'\"\\w$.]+\\s*:=|\\binto\\s+@", Pattern.CASE_INSENSITIVE);
    /** A user variable ({@code @v}), not a system variable ({@code @@v}). */
    private static final Pattern READS_USER_VARIABLE = Pattern.compile("(?<!@)@(?!@)[`'\"\\w$]");

    private final Set<String> temporaryTables = new HashSet<>();
    private boolean tablesLocked;
    private boolean variablesAssigned;
    private boolean namedLock;

    /** Notes what {@code statement}, about to run on {@code target}, leaves in that session. */
    void track(Classification statement, String sql, PhysicalConnection target) {
        switch (statement.kind()) {
            case TEMPORARY_TABLE:
                if (statement.temporaryTable() != null) {
                    temporaryTables.add(statement.temporaryTable().toLowerCase(Locale.ROOT));
                }
                target.sessionChanged = true;
                break;
            case SESSION_PIN:
                tablesLocked = !startsWithIgnoringComments(sql, "unlock");
                target.sessionChanged = true;
                break;
            case SESSION_READ:
                // A named lock lives as long as the session: the pool must not hand that session to someone else.
                if (containsIgnoreCase(sql, "get_lock")) {
                    namedLock = true;
                    target.sessionChanged = true;
                }
                if (ASSIGNS_USER_VARIABLE.matcher(sql).find()) {
                    variablesAssigned = true;
                    target.sessionChanged = true;
                }
                break;
            default:
                break;
        }
    }

    /** Whether anything is kept that another connection would lack. */
    boolean any() {
        return tablesLocked || variablesAssigned || namedLock || !temporaryTables.isEmpty();
    }

    /** {@code LOCK TABLES} is in effect. */
    boolean tablesLocked() {
        return tablesLocked;
    }

    /** The statement mentions a temporary table this session created. */
    boolean mentionsTemporaryTable(String sql) {
        if (temporaryTables.isEmpty()) {
            return false;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        for (String table : temporaryTables) {
            if (lower.contains(table)) {
                return true;
            }
        }
        return false;
    }

    /** The statement reads a user variable while some were assigned inside a SELECT (on the primary). */
    boolean readsAssignedVariable(String sql) {
        return variablesAssigned && READS_USER_VARIABLE.matcher(sql).find();
    }

    private static boolean containsIgnoreCase(String text, String lowerNeedle) {
        return text.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    /** Whether the first word after leading whitespace and comments is {@code lowerWord}. */
    private static boolean startsWithIgnoringComments(String sql, String lowerWord) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        return sql.regionMatches(true, i, lowerWord, 0, lowerWord.length());
    }
}
