package io.rwsplit.sql;

import java.util.Set;

/**
 * A plain SELECT cut where its select list ends (at its own FROM), so that it can take one more column, its number,
 * and run with others as one {@code (...) UNION ALL (...)}: reads replayed together in one round trip, their rows told
 * apart by that column. Only statements whose meaning and row order do not change inside a union qualify: no order
 * of their own, no UNION, INTO or locking clause, nothing in executable comments.
 */
public final class UnionPart {

    /**
     * Words that change what a SELECT means in a UNION, make it more than a read, or that a union's later parts do not
     * take (HIGH_PRIORITY, SQL_CACHE, SQL_NO_CACHE). ORDER BY and GROUP BY (which orders in MariaDB) among them: a
     * union's part need not keep its order, and a replay compares rows in order.
     */
    private static final Set<String> NOT_IN_A_UNION = Set.of("UNION", "INTERSECT", "EXCEPT", "INTO", "FOR", "LOCK",
            "PROCEDURE", "SQL_CALC_FOUND_ROWS", "ORDER", "GROUP", "HIGH_PRIORITY", "SQL_CACHE", "SQL_NO_CACHE");

    private final String selectList;
    private final String rest;

    private UnionPart(String selectList, String rest) {
        this.selectList = selectList;
        this.rest = rest;
    }

    /**
     * The statement as a part of a UNION ALL, or null when it is not a plain, unordered SELECT with a FROM at its own
     * level: an ORDER BY or GROUP BY, a UNION, INTO, a locking read, an executable comment, several statements.
     */
    public static UnionPart of(String sql) {
        if (sql.contains("/*!") || sql.contains("/*M!")) {
            return null;
        }
        SqlLexer lexer = new SqlLexer(sql);
        int tokens = lexer.storeAll();
        if (lexer.multiStatement() || lexer.malformed() || !lexer.isWord(0, "SELECT")) {
            return null;
        }
        int from = -1;
        for (int i = 1; i < tokens; i++) {
            if (lexer.depth(i) != 0 || lexer.type(i) != SqlLexer.Type.WORD) {
                continue;
            }
            String word = lexer.upperText(i);
            if (NOT_IN_A_UNION.contains(word)) {
                return null;
            }
            if (from < 0 && word.equals("FROM")) {
                from = i;
            }
        }
        if (from < 0) {
            return null;
        }
        // Up to the last token: a trailing ';' or line comment would break the parentheses around it.
        return new UnionPart(sql.substring(lexer.start(0), lexer.start(from)),
                sql.substring(lexer.start(from), lexer.end(tokens - 1)));
    }

    /** The statement in parentheses with {@code number} as its last column, for a UNION ALL. */
    public String numbered(int number) {
        return "(" + selectList + ", " + number + " AS rwsplit_part " + rest + ")";
    }
}
