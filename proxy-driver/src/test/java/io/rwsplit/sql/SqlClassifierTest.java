package io.rwsplit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.sql.SqlClassifier.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlClassifierTest {

    private final SqlClassifier classifier = new SqlClassifier(1_000, 4096);

    private StatementKind kind(String sql) {
        return classifier.classify(sql).kind();
    }

    // ---- kinds ----------------------------------------------------------------------------------------------------

    @Test
    void routesLockInShareModeAsLockingRead() {
        assertThat(kind("SELECT * FROM accounts WHERE id = ? LOCK IN SHARE MODE"))
                .isEqualTo(StatementKind.LOCKING_READ);
        assertThat(kind("select * from accounts where id = ? lock\nin /* x */ share mode"))
                .isEqualTo(StatementKind.LOCKING_READ);
    }

    @Test
    void routesForUpdateAndForShareWithTheirOptionsAsLockingRead() {
        for (String tail : List.of("FOR UPDATE", "FOR SHARE", "FOR UPDATE NOWAIT", "FOR UPDATE SKIP LOCKED",
                "FOR SHARE OF t SKIP LOCKED", "FOR UPDATE OF t, u NOWAIT")) {
            assertThat(kind("SELECT * FROM t JOIN u ON t.id = u.id " + tail)).as(tail)
                    .isEqualTo(StatementKind.LOCKING_READ);
        }
    }

    @Test
    void treatsSemicolonInsideStringAsSingleStatement() {
        assertThat(kind("SELECT * FROM t WHERE a = 'x; DELETE FROM t'")).isEqualTo(StatementKind.READ);
        assertThat(kind("SELECT * FROM t WHERE a = \"x; DELETE FROM t\"")).isEqualTo(StatementKind.READ);
        assertThat(kind("SELECT * FROM `x; DELETE FROM t`")).isEqualTo(StatementKind.READ);
    }

    @Test
    void reportsTextAfterASemicolonAsMultiStatement() {
        assertThat(kind("SELECT 1; DELETE FROM t")).isEqualTo(StatementKind.MULTI_STATEMENT);
        assertThat(kind("SELECT 'a;b'; DELETE FROM t")).isEqualTo(StatementKind.MULTI_STATEMENT);
        assertThat(kind("SELECT 1;")).isEqualTo(StatementKind.READ);
        assertThat(kind("SELECT 1; -- bye")).isEqualTo(StatementKind.READ);
    }

    @Test
    void seesThroughCommentsThatHideOrRevealStatements() {
        assertThat(kind("# SELECT 1\nDELETE FROM t")).isEqualTo(StatementKind.WRITE);
        assertThat(kind("SELECT * FROM t /*!50000 FOR UPDATE */")).isEqualTo(StatementKind.LOCKING_READ);
        assertThat(kind("SELECT * FROM t /* FOR UPDATE */")).isEqualTo(StatementKind.READ);
        assertThat(kind("SELECT id FROM t WHERE n = 5--1 FOR UPDATE")).isEqualTo(StatementKind.LOCKING_READ);
    }

    @Test
    void findsTheMainStatementAfterCommonTableExpressions() {
        assertThat(kind("WITH x AS (SELECT 1), y (a) AS (SELECT 2) SELECT * FROM x, y")).isEqualTo(StatementKind.READ);
        assertThat(kind("WITH x AS (SELECT id FROM t) DELETE FROM t WHERE id IN (SELECT id FROM x)"))
                .isEqualTo(StatementKind.WRITE);
        assertThat(kind("WITH x AS (SELECT 1) SELECT * FROM x FOR UPDATE")).isEqualTo(StatementKind.LOCKING_READ);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SET GLOBAL max_connections = 10        | SESSION_PIN",
        "SET @@global.max_connections = 10      | SESSION_PIN",
        "SET PERSIST max_connections = 10       | SESSION_PIN",
        "SET PASSWORD = 'x'                      | DDL",
        "SET ROLE r                              | SESSION_PIN",
        "SET GLOBAL a = 1, SESSION b = 2         | SESSION_PIN",
        "SET @id = LAST_INSERT_ID()              | SESSION_PIN",
        "SET @n = (SELECT COUNT(*) FROM t)       | SESSION_PIN",
        "SET sql_mode = CONCAT(@@sql_mode, ',X') | SESSION_SET",
        "SET autocommit = 0                      | SESSION_SET",
        "SET SESSION TRANSACTION READ ONLY       | SESSION_SET",
        "SET GLOBAL TRANSACTION READ ONLY        | SESSION_PIN",
    })
    void classifiesSetByWhetherItCanBeReplayed(String sql, StatementKind expected) {
        assertThat(kind(sql)).isEqualTo(expected);
    }

    @Test
    void neverThrowsAndNeverReturnsNull() {
        assertThat(classifier.classify(null).kind()).isEqualTo(StatementKind.UNKNOWN);
        assertThat(classifier.classify("").kind()).isEqualTo(StatementKind.UNKNOWN);
        for (String sql : garbage(5_000)) {
            Classification verdict = classifier.classify(sql);
            assertThat(verdict).as(sql).isNotNull();
            assertThat(verdict.kind()).as(sql).isNotNull();
        }
    }

    @Test
    void lexerAndRulesThemselvesNeverThrowOnGarbage() {
        // classify() catches our own bugs as UNKNOWN; this makes sure there are none to catch.
        for (String sql : garbage(5_000)) {
            SqlLexer lexer = new SqlLexer(sql);
            QuickClassifier.classify(lexer);
            lexer.storeAll();
            lexer.parserText();
            SetRules.autoCommit(new SqlLexer("SET " + sql));
            SetRules.classify(new SqlLexer("SET " + sql));
        }
    }

    private static List<String> garbage(int count) {
        Random random = new Random(42);
        String[] pieces = {"SELECT", "FROM", "WITH", "AS", "SET", "CREATE TEMPORARY TABLE", "DROP", "autocommit",
            "GLOBAL", "(", ")", "'", "\"", "`", ";", "--", "#", "/*", "*/", "/*!", "/*!50000", "@", "@@", ":=", "?",
            ",", ".", "=", "\\", "\n", "\r", "\t", " ", "{", "}", "0", "x", "FOR", "UPDATE", "LOCK IN SHARE MODE",
            "rwsplit:primary", "START TRANSACTION", "READ ONLY", "EXPLAIN ANALYZE"};
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder sql = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                sql.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextBoolean()) {
                    sql.append(' ');
                }
            }
            texts.add(sql.toString());
        }
        return texts;
    }

    // ---- hints ----------------------------------------------------------------------------------------------------

    @Test
    void takesTheHintFromALeadingBlockCommentOnly() {
        assertThat(classifier.classify("/* rwsplit:primary */ SELECT 1").hint()).isEqualTo(RouteHint.PRIMARY);
        assertThat(classifier.classify("/*+ rwsplit:replica */ SHOW TABLES"))
                .isEqualTo(new Classification(StatementKind.SESSION_READ, RouteHint.REPLICA, null));
        assertThat(classifier.classify("SELECT 1 /* rwsplit:primary */").hint()).isEqualTo(RouteHint.NONE);
        assertThat(classifier.classify("-- rwsplit:primary\nSELECT 1").hint()).isEqualTo(RouteHint.NONE);
    }

    @Test
    void keepsTheHintOnEveryKind() {
        assertThat(classifier.classify("/* rwsplit:primary */ SELECT 1; SELECT 2"))
                .isEqualTo(new Classification(StatementKind.MULTI_STATEMENT, RouteHint.PRIMARY, null));
        assertThat(classifier.classify("/* rwsplit:replica */ CREATE TEMPORARY TABLE t (a INT)"))
                .isEqualTo(new Classification(StatementKind.TEMPORARY_TABLE, RouteHint.REPLICA, "t"));
        assertThat(classifier.classify("/* rwsplit:primary */ foo").kind()).isEqualTo(StatementKind.UNKNOWN);
    }

    // ---- temporary tables -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CREATE TEMPORARY TABLE tmp (a INT)                    | tmp",
        "create temporary table if not exists `Tmp` (a INT)    | Tmp",
        "CREATE TEMPORARY TABLE db.tmp AS SELECT 1             | tmp",
        "CREATE TEMPORARY TABLE `my db`.`my tmp` LIKE t        | my tmp",
        "CREATE TEMPORARY TABLE `a``b` (x INT)                 | a`b",
        "DROP TEMPORARY TABLE tmp                              | tmp",
        "DROP TEMPORARY TABLE IF EXISTS `db`.`tmp`, other      | tmp",
    })
    void namesTheTemporaryTableUnquotedWithoutItsSchema(String sql, String table) {
        assertThat(classifier.classify(sql))
                .isEqualTo(new Classification(StatementKind.TEMPORARY_TABLE, RouteHint.NONE, table));
    }

    @Test
    void treatsOrdinaryCreateAndDropAsDdl() {
        assertThat(classifier.classify("CREATE TABLE tmp (a INT)")).isEqualTo(Classification.of(StatementKind.DDL));
        assertThat(classifier.classify("DROP TABLE tmp")).isEqualTo(Classification.of(StatementKind.DDL));
    }

    // ---- autocommit -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "SET autocommit=0                               | false",
        "SET autocommit=1                               | true",
        "set AUTOCOMMIT = off                           | false",
        "SET autocommit = ON                            | true",
        "SET autocommit = TRUE                          | true",
        "SET autocommit = false                         | false",
        "SET autocommit = 'OFF'                         | false",
        "SET autocommit := 1                            | true",
        "SET SESSION autocommit = 0                     | false",
        "SET LOCAL autocommit = 0                       | false",
        "SET @@autocommit = 0                           | false",
        "SET @@session.autocommit = 1                   | true",
        "SET @@SESSION.AUTOCOMMIT = 1                   | true",
        "/* x */ SET autocommit = 0;                    | false",
        "/*!40000 SET autocommit = 0 */                 | false",
        "SET NAMES utf8mb4, autocommit = 0              | false",
        "SET autocommit = 0, autocommit = 1             | true",
        "SET autocommit = DEFAULT                       | null",
        "SET autocommit = @x                            | null",
        "SET autocommit = 2                             | null",
        "SET autocommit = '1'                           | null",
        "SET autocommit = 1 + 0                         | null",
        "SET GLOBAL autocommit = 0                      | null",
        "SET @@global.autocommit = 0                    | null",
        "SET @autocommit = 0                            | null",
        "SET sql_mode = ''                              | null",
        "SET autocommit = 0; SELECT 1                   | null",
        "SELECT 'SET autocommit = 0'                    | null",
        "SET autocommit = 'OFF                          | null",
    })
    void tellsTheAutocommitValueASetGives(String sql, Boolean expected) {
        assertThat(SqlClassifier.autoCommitValue(sql)).isEqualTo(expected);
    }

    @Test
    void autocommitHelperAcceptsNull() {
        assertThat(SqlClassifier.autoCommitValue(null)).isNull();
    }

    // ---- stages and size limits -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "select u1_0.id,u1_0.name from users u1_0 where u1_0.id=?",
        "insert into orders (customer_id,total,id) values (?,?,?)",
        "update users set email=?,name=?,version=? where id=? and version=?",
        "delete from order_items where order_id=?",
        "select next_val as id_val from hibernate_sequence for update",
        "SELECT * FROM t WHERE id = ? LOCK IN SHARE MODE",
        "select `t`.`id` from `db`.`t` where `t`.`id` = ? limit ?",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "(SELECT 1) UNION (SELECT 2)",
        "SELECT LAST_INSERT_ID()",
        "SET autocommit=1",
        "SET character_set_results = NULL",
        "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
        "SHOW WARNINGS",
        "SELECT @@session.transaction_read_only",
        "START TRANSACTION READ ONLY",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "SAVEPOINT s1",
        "CALL p(?)",
        "CREATE TEMPORARY TABLE t (a INT)",
        "LOCK TABLES t WRITE",
        "USE app",
        "SELECT 1; SELECT 2",
        "",
    })
    void settlesCommonStatementsWithoutTheParser(String sql) {
        assertThat(classifier.decide(sql).stage()).isEqualTo(Stage.RULES);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.v = s.v | WRITE",
        "UPSERT INTO t (id) VALUES (1)                                                 | WRITE",
        "COMMENT ON TABLE t IS 'x'                                                     | DDL",
        "foo bar                                                                       | UNKNOWN",
        "(1)                                                                           | UNKNOWN",
    })
    void fallsBackToTheParserForUnfamiliarShapes(String sql, StatementKind expected) {
        SqlClassifier.Verdict verdict = classifier.decide(sql);
        assertThat(verdict.stage()).isEqualTo(Stage.PARSER);
        assertThat(verdict.classification().kind()).isEqualTo(expected);
    }

    @Test
    void doesNotParseUnfamiliarTextsLongerThanMaxParseLength() {
        SqlClassifier strict = new SqlClassifier(100, 10);
        SqlClassifier.Verdict verdict = strict.decide("UPSERT INTO t (id) VALUES (1)");
        assertThat(verdict.stage()).isEqualTo(Stage.NOT_PARSED);
        assertThat(verdict.classification().kind()).isEqualTo(StatementKind.UNKNOWN);
        assertThat(new SqlClassifier(100, 0).decide("UPSERT INTO t VALUES (1)").stage()).isEqualTo(Stage.NOT_PARSED);
    }

    @Test
    void doesNotParseDeeplyNestedUnfamiliarTexts() {
        String sql = "UPSERT INTO t VALUES " + "(".repeat(40) + "1" + ")".repeat(40);
        SqlClassifier.Verdict verdict = classifier.decide(sql);
        assertThat(verdict.stage()).isEqualTo(Stage.NOT_PARSED);
        assertThat(verdict.classification().kind()).isEqualTo(StatementKind.UNKNOWN);
    }

    @Test
    void classifiesAOneMegabyteInsertAsWriteFromItsFirstKeyword() {
        StringBuilder sql = new StringBuilder("INSERT INTO events (id, payload, note) VALUES ");
        for (int i = 0; sql.length() < 1 << 20; i++) {
            sql.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'payload; with -- tricks /* ', \"x\")");
        }
        String text = sql.toString();
        long start = System.nanoTime();
        SqlClassifier.Verdict verdict = classifier.decide(text);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(verdict.classification().kind()).isEqualTo(StatementKind.WRITE);
        assertThat(verdict.stage()).isEqualTo(Stage.RULES);
        assertThat(millis).as("a generous bound: one lexer pass, no parse").isLessThan(2_000);
        assertThat(kind(text + "; DELETE FROM events")).isEqualTo(StatementKind.MULTI_STATEMENT);
    }

    @Test
    void classifiesAOneMegabyteUnfamiliarStatementAsUnknownWithoutParsing() {
        StringBuilder sql = new StringBuilder("FROBNICATE ");
        while (sql.length() < 1 << 20) {
            sql.append("(a, 'b', `c`) ");
        }
        SqlClassifier.Verdict verdict = classifier.decide(sql.toString());
        assertThat(verdict.stage()).isEqualTo(Stage.NOT_PARSED);
        assertThat(verdict.classification().kind()).isEqualTo(StatementKind.UNKNOWN);
    }

    // ---- cache ----------------------------------------------------------------------------------------------------

    @Test
    void neverHoldsMoreVerdictsThanTheCacheSize() {
        SqlClassifier small = new SqlClassifier(100, 4096);
        for (int i = 0; i < 10_000; i++) {
            small.classify("SELECT * FROM t WHERE id = " + i);
            assertThat(small.cachedEntries()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void doesNotCacheLongTexts() {
        SqlClassifier cached = new SqlClassifier(100, 4096);
        String longSelect = "SELECT " + "a, ".repeat(2_000) + "b FROM t";
        assertThat(longSelect.length()).isGreaterThan(SqlClassifier.MAX_CACHED_LENGTH);
        assertThat(cached.classify(longSelect).kind()).isEqualTo(StatementKind.READ);
        assertThat(cached.cachedEntries()).isZero();
        cached.classify("SELECT 1");
        assertThat(cached.cachedEntries()).isEqualTo(1);
    }

    @Test
    void cachesNothingWhenTheCacheSizeIsZero() {
        SqlClassifier uncached = new SqlClassifier(0, 4096);
        assertThat(uncached.classify("SELECT 1").kind()).isEqualTo(StatementKind.READ);
        assertThat(uncached.cachedEntries()).isZero();
    }

    @Test
    void givesTheSameAnswersFromSeveralThreadsAsFromOne() throws Exception {
        List<String> sqls = new ArrayList<>();
        for (SqlClassifierCorpusTest.Case c : SqlClassifierCorpusTest.corpus()) {
            sqls.add(c.sql());
        }
        Map<String, Classification> expected = new HashMap<>();
        SqlClassifier reference = new SqlClassifier(0, 4096);
        for (String sql : sqls) {
            expected.put(sql, reference.classify(sql));
        }
        SqlClassifier shared = new SqlClassifier(64, 4096);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                tasks.add(() -> {
                    Random random = new Random(seed);
                    int checked = 0;
                    for (int n = 0; n < 20_000; n++) {
                        String sql = sqls.get(random.nextInt(sqls.size()));
                        assertThat(shared.classify(sql)).as(sql).isEqualTo(expected.get(sql));
                        checked++;
                    }
                    return checked;
                });
            }
            for (Future<Integer> done : pool.invokeAll(tasks)) {
                assertThat(done.get()).isEqualTo(20_000);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.cachedEntries()).isLessThanOrEqualTo(64);
    }

    @Test
    void rejectsNegativeSizesNamingTheParameter() {
        assertThatThrownBy(() -> new SqlClassifier(-1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cacheSize");
        assertThatThrownBy(() -> new SqlClassifier(10, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxParseLength");
    }
}
