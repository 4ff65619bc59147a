package io.rwsplit.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.monitor.ReplicationPosition;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlavorTest {

    private static final String A = "3E11FA47-71CA-11E1-9E33-C80AA9429562";
    private static final String B = "4F22FA47-71CA-11E1-9E33-C80AA9429562";

    @ParameterizedTest
    @CsvSource({
            "5.5.5-10.11.19-MariaDB, MARIADB",
            "10.6.16-MariaDB-1:10.6.16+maria~ubu2004-log, MARIADB",
            "11.4.2-MariaDB, MARIADB",
            "8.4.3, MYSQL",
            "8.0.36-commercial, MYSQL",
            "5.7.44-log, MYSQL",
    })
    void tellsTheDialectFromTheServerVersion(String version, Flavor expected) {
        assertThat(Flavor.ofServerVersion(version)).isEqualTo(expected);
    }

    @Test
    void anUnknownVersionIsTakenForMySql() {
        assertThat(Flavor.ofServerVersion(null)).isEqualTo(Flavor.MYSQL);
    }

    @Test
    void onlyZeroMeansTheWaitReachedThePosition() {
        assertThat(Flavor.reached(0)).isTrue();
        assertThat(Flavor.reached(-1)).isFalse();
        assertThat(Flavor.reached(1)).isFalse();
    }

    @Test
    void waitsForThePositionAsOneLiteralStatement() {
        assertThat(Flavor.MARIADB.waitSql(Flavor.MARIADB.parse("0-1-10,2-3-7"), 1000))
                .isEqualTo("SELECT MASTER_GTID_WAIT('0-1-10,2-3-7', 1.000)");
        assertThat(Flavor.MYSQL.waitSql(Flavor.MYSQL.parse(A + ":1-5"), 250))
                .isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET('" + A.toLowerCase(Locale.ROOT) + ":1-5', 0.250)");
        assertThat(Flavor.MARIADB.waitSql(Flavor.MARIADB.parse("0-1-10"), 12_345))
                .endsWith(", 12.345)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "0-1-10 | '0-1-10'",
            "a'b    | 'a\\'b'",
            "a\\b   | 'a\\\\b'",
            "\"\"   | ''",
    })
    void quotesAStringLiteralSoNoTextCanEndIt(String text, String literal) {
        assertThat(Flavor.quoted(text)).isEqualTo(literal);
    }

    @Test
    void blankTextIsNoPosition() {
        assertThat(Flavor.MARIADB.parse(null)).isNull();
        assertThat(Flavor.MARIADB.parse("  ")).isNull();
        assertThat(Flavor.MYSQL.parse("")).isNull();
    }

    @Test
    void parsesInItsOwnSyntax() {
        assertThat(Flavor.MARIADB.parse("0-1-10").toString()).isEqualTo("0-1-10");
        assertThat(Flavor.MYSQL.parse(A + ":5").covers(ReplicationPosition.parseMySqlGtidSet(A + ":5"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0-1-10 | 0-1-12 | 0-1-12",
            "0-1-12 | 0-1-10 | 0-1-12",
            "0-1-10 | 0-2-11 | 0-2-11",
            "0-1-10 | 1-1-3 | 0-1-10,1-1-3",
            "0-1-10,1-1-3 | 1-1-7 | 0-1-10,1-1-7",
            "0-1-10,1-1-9 | 0-1-12,1-1-3 | 0-1-12,1-1-9",
    })
    void mariaDbMergeKeepsTheHighestSequencePerDomain(String a, String b, String merged) {
        ReplicationPosition result = Flavor.MARIADB.merge(gtid(a), gtid(b));
        assertThat(result.covers(gtid(merged))).isTrue();
        assertThat(gtid(merged).covers(result)).isTrue();
    }

    @Test
    void mergeWithNothingIsTheOtherPosition() {
        ReplicationPosition a = gtid("0-1-10");
        assertThat(Flavor.MARIADB.merge(null, a)).isSameAs(a);
        assertThat(Flavor.MARIADB.merge(a, null)).isSameAs(a);
        assertThat(Flavor.MARIADB.merge(gtid(""), a)).isSameAs(a);
        assertThat(Flavor.MARIADB.merge(null, null)).isNull();
        assertThat(Flavor.MARIADB.merge(gtid(""), gtid(""))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "A:1-5 | A:6 | A:1-6",
            "A:1-5 | A:8 | A:1-5:8",
            "A:8 | A:1-5 | A:1-5:8",
            "A:1-5 | B:1-3 | A:1-5,B:1-3",
            "A:1-5,B:1-3 | B:4 | A:1-5,B:1-4",
    })
    void mySqlMergeIsTheUnion(String a, String b, String union) {
        ReplicationPosition result = Flavor.MYSQL.merge(set(a), set(b));
        assertThat(result.covers(set(union))).isTrue();
        assertThat(set(union).covers(result)).isTrue();
    }

    @Test
    void mySqlMergeOfACoveredSetKeepsTheCoveringOne() {
        ReplicationPosition wide = set("A:1-10");
        assertThat(Flavor.MYSQL.merge(wide, set("A:4"))).isSameAs(wide);
        assertThat(Flavor.MYSQL.merge(set("A:4"), wide)).isSameAs(wide);
    }

    private static ReplicationPosition gtid(String text) {
        return ReplicationPosition.parseMariaDbGtid(text);
    }

    private static ReplicationPosition set(String text) {
        return ReplicationPosition.parseMySqlGtidSet(text.replace("A", A).replace("B", B));
    }
}
