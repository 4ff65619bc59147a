package io.rwsplit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.sql.SqlLexer.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {

    /** The stored tokens' texts. */
    private static List<String> tokens(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        List<String> texts = new ArrayList<>();
        for (int i = 0; lexer.has(i); i++) {
            texts.add(lexer.text(i));
        }
        return texts;
    }

    private static SqlLexer drained(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.has(0);
        lexer.drain();
        return lexer;
    }

    @Test
    void skipsDoubleDashCommentOnlyWhenABlankOrControlCharFollows() {
        assertThat(tokens("SELECT 1 -- x\n+ 2")).containsExactly("SELECT", "1", "+", "2");
        assertThat(tokens("SELECT 1 --\tx")).containsExactly("SELECT", "1");
        assertThat(tokens("SELECT 1 --")).containsExactly("SELECT", "1");
        assertThat(tokens("SELECT 1--1")).containsExactly("SELECT", "1", "-", "-", "1");
        assertThat(tokens("SELECT 1 --x")).containsExactly("SELECT", "1", "-", "-", "x");
    }

    @Test
    void endsLineCommentsAtNewlineOnlyAsTheServerDoes() {
        assertThat(tokens("SELECT 1 # x\r\n, 2")).containsExactly("SELECT", "1", ",", "2");
        assertThat(tokens("# x\r DELETE FROM t\nSELECT 1")).containsExactly("SELECT", "1");
        assertThat(tokens("-- x\r DELETE FROM t\nSELECT 1")).containsExactly("SELECT", "1");
    }

    @Test
    void treatsExecutableCommentsAsContent() {
        assertThat(tokens("SELECT /*!40001 SQL_NO_CACHE */ * FROM t")).containsExactly(
                "SELECT", "SQL_NO_CACHE", "*", "FROM", "t");
        assertThat(tokens("/*!*/SELECT/*!1*/")).containsExactly("SELECT", "1");
        assertThat(tokens("SELECT /*!100000 2 */")).containsExactly("SELECT", "2");
        assertThat(tokens("SELECT /*! '*/' */ 1")).containsExactly("SELECT", "'*/'", "1");
        assertThat(tokens("SELECT /*!50000 a /* plain */ b */ c")).containsExactly("SELECT", "a", "b", "c");
    }

    @Test
    void skipsPlainAndOptimizerHintComments() {
        assertThat(tokens("/* a */SELECT/*+ BKA(t) */1/**/")).containsExactly("SELECT", "1");
    }

    @Test
    void readsLiteralsWithBackslashEscapesAndDoubledQuotes() {
        assertThat(tokens("SELECT 'it\\'s', 'it''s', \"a\\\"b\", \"a\"\"b\", 'back\\\\' x")).containsExactly(
                "SELECT", "'it\\'s'", ",", "'it''s'", ",", "\"a\\\"b\"", ",", "\"a\"\"b\"", ",", "'back\\\\'", "x");
    }

    @Test
    void readsBackquotedNamesWithDoubledBackquotesAndNoEscapes() {
        SqlLexer lexer = new SqlLexer("`a``b` `c\\` x");
        assertThat(lexer.type(0)).isEqualTo(Type.QUOTED_NAME);
        assertThat(lexer.name(0)).isEqualTo("a`b");
        assertThat(lexer.name(1)).isEqualTo("c\\");
        assertThat(lexer.text(2)).isEqualTo("x");
    }

    @Test
    void readsVariablesAndTheAssignmentOperator() {
        SqlLexer lexer = new SqlLexer("@a.b := @@session.sql_mode + @'q w' + @`x` + @\"y\" + @@IDENTITY");
        assertThat(lexer.type(0)).isEqualTo(Type.USER_VARIABLE);
        assertThat(lexer.text(0)).isEqualTo("@a.b");
        assertThat(lexer.type(1)).isEqualTo(Type.ASSIGN);
        assertThat(lexer.type(2)).isEqualTo(Type.SYSTEM_VARIABLE);
        assertThat(lexer.text(2)).isEqualTo("@@session.sql_mode");
        assertThat(lexer.text(4)).isEqualTo("@'q w'");
        assertThat(lexer.type(4)).isEqualTo(Type.USER_VARIABLE);
        assertThat(lexer.type(6)).isEqualTo(Type.USER_VARIABLE);
        assertThat(lexer.type(8)).isEqualTo(Type.USER_VARIABLE);
        assertThat(lexer.text(10)).isEqualTo("@@IDENTITY");
    }

    @Test
    void comparesKeywordsCaseInsensitively() {
        SqlLexer lexer = new SqlLexer("sElEcT Ünïcödé_ñame");
        assertThat(lexer.isWord(0, "SELECT")).isTrue();
        assertThat(lexer.isWord(0, "SELEC")).isFalse();
        assertThat(lexer.text(1)).isEqualTo("Ünïcödé_ñame");
    }

    @Test
    void recordsParenthesisDepthOutsideEachParenthesis() {
        SqlLexer lexer = new SqlLexer("a ( b ( c ) ) d");
        int[] expected = {0, 0, 1, 1, 2, 1, 0, 0};
        for (int i = 0; i < expected.length; i++) {
            assertThat(lexer.depth(i)).as("token %d (%s)", i, lexer.text(i)).isEqualTo(expected[i]);
        }
        assertThat(lexer.maxDepth()).isEqualTo(2);
    }

    @Test
    void treatsSemicolonInsideLiteralsAndCommentsAsText() {
        assertThat(drained("SELECT ';' , \";\" , `;` /* ; */ -- ;\n# ;\n").multiStatement()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1;", "SELECT 1 ;  ", "SELECT 1;\n", "SELECT 1; -- done", "SELECT 1; # done",
        "SELECT 1; /* done */", "SELECT 1;;"})
    void acceptsTrailingSemicolonsAsOneStatement(String sql) {
        assertThat(drained(sql).multiStatement()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1; SELECT 2", "SELECT 1;x", "SELECT 1 /*!; DELETE */", "SELECT 1 -- a\n; b",
        "SELECT 1;/*c*/DELETE FROM t"})
    void reportsMoreTextAfterASemicolonAsMultiStatement(String sql) {
        assertThat(drained(sql).multiStatement()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 'x", "SELECT \"x", "SELECT `x", "SELECT /* x", "SELECT /*! x", "SELECT 1)",
        "SELECT 'x\\'"})
    void reportsUnterminatedLiteralsAndCommentsAsMalformed(String sql) {
        assertThat(drained(sql).malformed()).isTrue();
    }

    @Test
    void drainingKeepsNoFurtherTokens() {
        SqlLexer lexer = new SqlLexer("INSERT INTO t VALUES (1), (2), (3)");
        assertThat(lexer.isWord(0, "INSERT")).isTrue();
        lexer.drain();
        assertThat(lexer.has(1)).isFalse();
        assertThat(lexer.multiStatement()).isFalse();
    }

    @Test
    void readsTheHintFromLeadingBlockCommentsOnly() {
        assertThat(hint("/* rwsplit:primary */ SELECT 1")).isEqualTo(RouteHint.PRIMARY);
        assertThat(hint("/*+ RWSPLIT:REPLICA */ SELECT 1")).isEqualTo(RouteHint.REPLICA);
        assertThat(hint("-- x\n/* a */ /* rwsplit:replica */ SELECT 1")).isEqualTo(RouteHint.REPLICA);
        assertThat(hint("/* rwsplit:replica, rwsplit:primary */ SELECT 1")).isEqualTo(RouteHint.PRIMARY);
        assertThat(hint("SELECT /* rwsplit:primary */ 1")).isEqualTo(RouteHint.NONE);
        assertThat(hint("-- rwsplit:primary\nSELECT 1")).isEqualTo(RouteHint.NONE);
        assertThat(hint("/*! rwsplit:primary */ SELECT 1")).isEqualTo(RouteHint.NONE);
        assertThat(hint("/* rwsplit:primary2 */ SELECT 1")).isEqualTo(RouteHint.NONE);
    }

    private static RouteHint hint(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.has(0);
        return lexer.hint();
    }

    @Test
    void givesTheParserCommentFreeTextWithExecutableContent() {
        SqlLexer lexer = new SqlLexer("/* c */ MERGE # c\nINTO t/*!50000 USING s */-- c\nON (t.a=s.a) WHERE x = 1--1");
        lexer.storeAll();
        assertThat(lexer.parserText()).isEqualTo("MERGE INTO t USING s ON (t.a=s.a) WHERE x = 1- -1");
    }
}
