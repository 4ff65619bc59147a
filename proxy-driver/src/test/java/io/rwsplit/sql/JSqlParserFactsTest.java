package io.rwsplit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What JSqlParser 5.4 does with MySQL text, pinned down because the classifier's design depends on it. If an upgrade
 * changes one of these, revisit {@link ParserFallback} and {@link SqlLexer#parserText()}.
 */
class JSqlParserFactsTest {

    private static Statements statements(String sql) throws ParseException {
        return CCJSqlParserUtil.newParser(sql).Statements();
    }

    @Test
    void plainParseReturnsTheFirstOfTwoStatementsAndDropsTheRest() throws Exception {
        Statement parsed = CCJSqlParserUtil.parse("SELECT 1; DELETE FROM t");
        assertThat(parsed).isInstanceOf(PlainSelect.class);
        assertThat(parsed.toString()).isEqualTo("SELECT 1");
        // Statements() does see both; the lexer still decides multi-statements itself, before any parsing.
        assertThat(statements("SELECT 1; DELETE FROM t")).hasSize(2).last().isInstanceOf(Delete.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM t LOCK IN SHARE MODE",
        "SELECT * FROM t # comment\nWHERE a = 1",
        "START TRANSACTION",
        "BEGIN",
        "SELECT a INTO @v FROM t",
        "LOCK TABLES t READ",
        "UNLOCK TABLES",
        "SELECT * FROM t WHERE a = 'it\\'s'",
        "COMMIT WORK AND NO CHAIN",
        "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
    })
    void cannotParseCommonMysqlSyntaxWithDefaultSettings(String sql) {
        assertThatThrownBy(() -> statements(sql)).isInstanceOf(ParseException.class);
    }

    @Test
    void dropsExecutableCommentContentAsIfItWereAPlainComment() throws Exception {
        // Not a parse failure (as reported for 5.0/5.3) but worse: the content silently disappears.
        Statements locking = statements("SELECT * FROM t /*!50000 FOR UPDATE */");
        assertThat(locking).hasSize(1);
        assertThat(locking.get(0).toString()).isEqualTo("SELECT * FROM t");
        assertThat(statements("/*!40101 SET NAMES utf8 */")).isEmpty();
    }

    @Test
    void readsDoubleDashWithoutABlankAsAComment() throws Exception {
        // MySQL reads 1--1 as 1 - (-1); JSqlParser comments the rest out, hence the blank in parserText().
        assertThat(statements("SELECT 1--1 FROM t").get(0).toString()).isEqualTo("SELECT 1");
    }

    @Test
    void parseStartsAThreadPerCallWhileNewParserRunsOnTheCallingThread() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CCJSqlParserUtil.parse("SELECT 0");
        statements("SELECT 0");
        int calls = 50;
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < calls; i++) {
            CCJSqlParserUtil.parse("SELECT " + i);
        }
        long byParse = threads.getTotalStartedThreadCount() - before;
        before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < calls; i++) {
            statements("SELECT " + i);
        }
        long byNewParser = threads.getTotalStartedThreadCount() - before;
        assertThat(byParse).isGreaterThanOrEqualTo(calls);
        assertThat(byNewParser).as("threads started by newParser(..).Statements()").isLessThan(5);
    }
}
