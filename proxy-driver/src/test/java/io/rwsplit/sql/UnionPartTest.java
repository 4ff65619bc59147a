package io.rwsplit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnionPartTest {

    static Stream<Arguments> plainSelects() {
        return Stream.of(
                Arguments.of("SELECT id, name FROM items WHERE id = ?",
                        "(SELECT id, name , 3 AS rwsplit_part FROM items WHERE id = ?)"),
                Arguments.of("select * from items",
                        "(select * , 3 AS rwsplit_part from items)"),
                Arguments.of("/* load Item */ SELECT i.id FROM items i WHERE i.id = ?",
                        "(SELECT i.id , 3 AS rwsplit_part FROM items i WHERE i.id = ?)"),
                Arguments.of("SELECT id FROM items WHERE a > ? LIMIT 5;",
                        "(SELECT id , 3 AS rwsplit_part FROM items WHERE a > ? LIMIT 5)"),
                Arguments.of("SELECT a, ROW_NUMBER() OVER (ORDER BY a) FROM t",
                        "(SELECT a, ROW_NUMBER() OVER (ORDER BY a) , 3 AS rwsplit_part FROM t)"),
                Arguments.of("SELECT (SELECT MAX(id) FROM items) AS m, 1 FROM dual",
                        "(SELECT (SELECT MAX(id) FROM items) AS m, 1 , 3 AS rwsplit_part FROM dual)"),
                Arguments.of("SELECT EXTRACT(YEAR FROM d) y FROM t",
                        "(SELECT EXTRACT(YEAR FROM d) y , 3 AS rwsplit_part FROM t)"),
                Arguments.of("SELECT 'FROM' AS f, `from` FROM t",
                        "(SELECT 'FROM' AS f, `from` , 3 AS rwsplit_part FROM t)"),
                Arguments.of("SELECT b FROM t WHERE a IN (SELECT a FROM u UNION SELECT a FROM v)",
                        "(SELECT b , 3 AS rwsplit_part FROM t WHERE a IN (SELECT a FROM u UNION SELECT a FROM v))"),
                Arguments.of("SELECT DISTINCT a FROM t",
                        "(SELECT DISTINCT a , 3 AS rwsplit_part FROM t)"),
                Arguments.of("SELECT STRAIGHT_JOIN t.a FROM t JOIN u ON u.id = t.id",
                        "(SELECT STRAIGHT_JOIN t.a , 3 AS rwsplit_part FROM t JOIN u ON u.id = t.id)"));
    }

    @ParameterizedTest
    @MethodSource("plainSelects")
    void numbersAPlainSelect(String sql, String expected) {
        assertThat(UnionPart.of(sql).numbered(3)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "SELECT @@version",
        "SELECT a FROM t UNION SELECT a FROM u",
        "SELECT a FROM t UNION ALL SELECT a FROM u",
        "SELECT a FROM t INTERSECT SELECT a FROM u",
        "SELECT a FROM t EXCEPT SELECT a FROM u",
        "SELECT a INTO @x FROM t",
        "SELECT a FROM t INTO OUTFILE '/tmp/x'",
        "SELECT a FROM t FOR UPDATE",
        "SELECT a FROM t LOCK IN SHARE MODE",
        "SELECT a FROM t FOR SHARE",
        "SELECT SQL_CALC_FOUND_ROWS a FROM t LIMIT 5",
        "SELECT a FROM t; SELECT b FROM u",
        "SELECT a /*!50000 FROM t */",
        "(SELECT a FROM t)",
        "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
        "UPDATE t SET a = 1",
        "SELECT 'unterminated FROM t",
        "SELECT a FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2026-01-01 00:00:00'",
        "SELECT id FROM items ORDER BY id DESC LIMIT 5",
        "SELECT id FROM items ORDER BY id",
        "SELECT a, COUNT(*) FROM t GROUP BY a",
        "SELECT DISTINCT a FROM t GROUP BY a WITH ROLLUP",
        "SELECT HIGH_PRIORITY a FROM t",
        "SELECT SQL_NO_CACHE a FROM t WHERE b = ?",
        "SELECT SQL_CACHE a FROM t",
    })
    void leavesAlone(String sql) {
        assertThat(UnionPart.of(sql)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT a FROM t -- why\n", "SELECT a FROM t # why", "SELECT a FROM t ; -- done"})
    void dropsWhatFollowsTheLastToken(String sql) {
        assertThat(UnionPart.of(sql).numbered(0)).isEqualTo("(SELECT a , 0 AS rwsplit_part FROM t)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT a -- the list\nFROM t WHERE b = ?"})
    void keepsACommentInsideWhereItEnds(String sql) {
        assertThat(UnionPart.of(sql).numbered(0))
                .isEqualTo("(SELECT a -- the list\n, 0 AS rwsplit_part FROM t WHERE b = ?)");
    }
}
