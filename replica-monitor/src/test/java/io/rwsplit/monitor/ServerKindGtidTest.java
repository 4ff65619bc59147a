package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the driver needs of each kind of server: GTID tracking, waits, and positions parsed and merged. */
class ServerKindGtidTest {

    private static final String A = "3E11FA47-71CA-11E1-9E33-C80AA9429562";
    private static final String B = "4F22FA47-71CA-11E1-9E33-C80AA9429562";

    @ParameterizedTest
    @CsvSource({
            "5.5.5-10.11.19-MariaDB, true",
            "10.6.16-MariaDB-1:10.6.16+maria~ubu2004-log, true",
            "5.5.5-10.4.34-MariaDB, true",
            "11.4.2-MariaDB, true",
            "8.4.3, false",
            "8.0.36-commercial, false",
            "5.7.44-log, false",
    })
    void tellsMariaDbFromTheServerVersion(String version, boolean mariaDb) {
        assertThat(ServerKind.detect(version).isMariaDb()).isEqualTo(mariaDb);
    }

    @Test
    void anUnknownVersionIsTakenForMySql() {
        assertThat(ServerKind.detect(null)).isEqualTo(ServerKind.MYSQL_8_2);
        assertThat(ServerKind.detect("").isMariaDb()).isFalse();
    }

    @Test
    void tracksTheLastGtidTheWayEachKindReportsIt() {
        assertThat(ServerKind.MARIADB.trackGtidSql()).contains("session_track_system_variables").contains("last_gtid");
        assertThat(ServerKind.MARIADB_BEFORE_10_5.trackGtidSql()).isEqualTo(ServerKind.MARIADB.trackGtidSql());
        for (ServerKind mysql : new ServerKind[] {ServerKind.MYSQL_BEFORE_8_0_22, ServerKind.MYSQL_8_0_22,
                ServerKind.MYSQL_8_2}) {
            assertThat(mysql.trackGtidSql()).isEqualTo("SET SESSION session_track_gtids = OWN_GTID");
            assertThat(mysql.lastGtidSql()).isEqualTo("SELECT @@GLOBAL.gtid_executed");
        }
        assertThat(ServerKind.MARIADB.lastGtidSql()).isEqualTo("SELECT @@last_gtid");
    }

    @Test
    void makesSessionsReadOnlyAndReadWriteTheSameWayOnEveryKind() {
        assertThat(ServerKind.READ_ONLY_SESSION_SQL).isEqualTo("SET SESSION TRANSACTION READ ONLY");
        assertThat(ServerKind.READ_WRITE_SESSION_SQL).isEqualTo("SET SESSION TRANSACTION READ WRITE");
    }

    @Test
    void onlyZeroMeansTheWaitReachedThePosition() {
        assertThat(ServerKind.waitReached(0)).isTrue();
        assertThat(ServerKind.waitReached(-1)).isFalse();
        assertThat(ServerKind.waitReached(1)).isFalse();
    }

    @Test
    void waitsForThePositionAsOneLiteralStatement() {
        assertThat(ServerKind.MARIADB.waitSql(ServerKind.MARIADB.parsePosition("0-1-10,2-3-7"), 1000))
                .isEqualTo("SELECT MASTER_GTID_WAIT('0-1-10,2-3-7', 1.000)");
        assertThat(ServerKind.MYSQL_8_2.waitSql(ServerKind.MYSQL_8_2.parsePosition(A + ":1-5"), 250))
                .isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET('" + A.toLowerCase(Locale.ROOT) + ":1-5', 0.250)");
        assertThat(ServerKind.MARIADB.waitSql(ServerKind.MARIADB.parsePosition("0-1-10"), 12_345))
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
        assertThat(ServerKind.quoted(text)).isEqualTo(literal);
    }

    @Test
    void blankTextIsNoPosition() {
        assertThat(ServerKind.MARIADB.parsePosition(null)).isNull();
        assertThat(ServerKind.MARIADB.parsePosition("  ")).isNull();
        assertThat(ServerKind.MYSQL_8_2.parsePosition("")).isNull();
    }

    @Test
    void parsesInItsOwnSyntax() {
        assertThat(ServerKind.MARIADB.parsePosition("0-1-10").toString()).isEqualTo("0-1-10");
        assertThat(ServerKind.MYSQL_8_2.parsePosition(A + ":5").covers(ReplicationPosition.parseMySqlGtidSet(A + ":5"))).isTrue();
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
        ReplicationPosition result = ServerKind.MARIADB.merge(gtid(a), gtid(b));
        assertThat(result.covers(gtid(merged))).isTrue();
        assertThat(gtid(merged).covers(result)).isTrue();
    }

    @Test
    void mergeWithNothingIsTheOtherPosition() {
        ReplicationPosition a = gtid("0-1-10");
        assertThat(ServerKind.MARIADB.merge(null, a)).isSameAs(a);
        assertThat(ServerKind.MARIADB.merge(a, null)).isSameAs(a);
        assertThat(ServerKind.MARIADB.merge(gtid(""), a)).isSameAs(a);
        assertThat(ServerKind.MARIADB.merge(null, null)).isNull();
        assertThat(ServerKind.MARIADB.merge(gtid(""), gtid(""))).isNull();
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
        ReplicationPosition result = ServerKind.MYSQL_8_2.merge(set(a), set(b));
        assertThat(result.covers(set(union))).isTrue();
        assertThat(set(union).covers(result)).isTrue();
    }

    @Test
    void mySqlMergeOfACoveredSetKeepsTheCoveringOne() {
        ReplicationPosition wide = set("A:1-10");
        assertThat(ServerKind.MYSQL_8_2.merge(wide, set("A:4"))).isSameAs(wide);
        assertThat(ServerKind.MYSQL_8_2.merge(set("A:4"), wide)).isSameAs(wide);
    }

    private static ReplicationPosition gtid(String text) {
        return ReplicationPosition.parseMariaDbGtid(text);
    }

    private static ReplicationPosition set(String text) {
        return ReplicationPosition.parseMySqlGtidSet(text.replace("A", A).replace("B", B));
    }
}
