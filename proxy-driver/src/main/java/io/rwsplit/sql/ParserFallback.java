package io.rwsplit.sql;

import static io.rwsplit.sql.StatementKind.COMMIT;
import static io.rwsplit.sql.StatementKind.DDL;
import static io.rwsplit.sql.StatementKind.ROLLBACK;
import static io.rwsplit.sql.StatementKind.SESSION_READ;
import static io.rwsplit.sql.StatementKind.SESSION_SET;
import static io.rwsplit.sql.StatementKind.TRANSACTION_CONTROL;
import static io.rwsplit.sql.StatementKind.UNKNOWN;
import static io.rwsplit.sql.StatementKind.WRITE;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * The second stage: JSqlParser, for shapes the rules do not know. It runs on the calling thread through
 * {@code CCJSqlParserUtil.newParser(text).Statements()}; {@code CCJSqlParserUtil.parse(String)} (and
 * {@code parseStatements(String)}) would start a new thread per call to enforce a time-out (measured with 5.4: 100
 * parses started 100 threads; see {@code JSqlParserFactsTest}).
 *
 * <p>The parser reads {@link SqlLexer#parserText()}, not the raw SQL: with 5.4's defaults it rejects {@code #}
 * comments, and it silently drops the content of <code>/*! ... *&#47;</code> as if it were a plain comment
 * (<code>SELECT * FROM t /*!50000 FOR UPDATE *&#47;</code> parses as a plain SELECT), so both are resolved by our lexer
 * first. Multi-statements never get here: the lexer has already called them. Only the statement's type is taken
 * from the tree; a read's locking and session facts still come from the token scan. Whatever fails to parse, or
 * parses to anything but one statement of a known type, is UNKNOWN.
 */
final class ParserFallback {

    /** The caller does not parse deeper parenthesis nesting: JSqlParser's time grows steeply with it. */
    static final int MAX_NESTING = 32;

    private static final String[] DDL_PACKAGES = {
        "net.sf.jsqlparser.statement.create.", "net.sf.jsqlparser.statement.alter.",
        "net.sf.jsqlparser.statement.drop.", "net.sf.jsqlparser.statement.truncate.",
        "net.sf.jsqlparser.statement.grant.", "net.sf.jsqlparser.statement.comment.",
        "net.sf.jsqlparser.statement.refresh.", "net.sf.jsqlparser.statement.analyze.",
    };

    private ParserFallback() {
    }

    /** The lexer has stored every token and found one well-formed statement. */
    static StatementKind classify(SqlLexer t) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.newParser(t.parserText())
                    .withBackslashEscapeCharacter(true)
                    .Statements();
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            return UNKNOWN;
        }
        if (statements == null || statements.size() != 1) {
            return UNKNOWN;
        }
        return kindOf(statements.get(0), t);
    }

    private static StatementKind kindOf(Statement statement, SqlLexer t) {
        if (statement instanceof Select) {
            return QuickClassifier.readKind(t, 0);
        }
        if (statement instanceof Insert || statement instanceof Update || statement instanceof Delete
                || statement instanceof Upsert || statement instanceof Merge) {
            return WRITE;
        }
        if (statement instanceof ShowStatement || statement instanceof ShowColumnsStatement
                || statement instanceof ShowTablesStatement || statement instanceof ShowIndexStatement
                || statement instanceof DescribeStatement || statement instanceof ExplainStatement) {
            return SESSION_READ;
        }
        if (statement instanceof UseStatement) {
            return SESSION_SET;
        }
        if (statement instanceof Commit) {
            return COMMIT;
        }
        if (statement instanceof RollbackStatement rollback) {
            return rollback.getSavepointName() == null ? ROLLBACK : TRANSACTION_CONTROL;
        }
        if (statement instanceof SavepointStatement) {
            return TRANSACTION_CONTROL;
        }
        String type = statement.getClass().getName();
        for (String ddlPackage : DDL_PACKAGES) {
            if (type.startsWith(ddlPackage)) {
                return DDL;
            }
        }
        return UNKNOWN;
    }
}
