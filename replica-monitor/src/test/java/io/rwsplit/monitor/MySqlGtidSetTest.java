package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MySqlGtidSetTest {

    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "2174b383-5441-11e8-b90a-c80aa9429562";

    /** {@code A} and {@code B} in the text stand for the two UUIDs. */
    private static ReplicationPosition set(String text) {
        return ReplicationPosition.parseMySqlGtidSet(text.replaceAll("(?<=^|,|\\s)A(?=:|,|\\s|$)", A)
                .replaceAll("(?<=^|,|\\s)B(?=:|,|\\s|$)", B));
    }

    @ParameterizedTest(name = "\"{0}\" covers \"{1}\": {2}")
    @CsvSource(delimiter = '|', value = {
        "A:1-5             | A:1-5             | true",
        "A:1-10            | A:3-7             | true",
        "A:1-5             | A:1-6             | false",
        // gaps matter: 6 is missing
        "A:1-5:7-9         | A:6               | false",
        "A:1-5:7-9         | A:1-3:8           | true",
        "A:1-5:7-9         | A:5-7             | false",
        // every source of the other set must be covered
        "A:1-5,B:1-3       | B:1-3,A:2-4       | true",
        "A:1-5             | A:1-5,B:1         | false",
        "A:1-5,B:1-3       | A:1-5             | true",
        // tagged GTIDs (MySQL 8.4) are a source of their own; tags ignore case
        "A:1-5:batch:1-3   | A:1-5:batch:1-3   | true",
        "A:1-5             | A:batch:1         | false",
        "A:batch:1-9       | A:1               | false",
        "A:1-5:BATCH:1-3   | A:batch:2         | true",
        "A:1-5:x:1-3:y:1-2 | A:y:2,A:x:3,A:4   | true",
        "A:1-5:x:1-3:y:1-2 | A:y:3             | false",
        // empty sets
        "A:1-5             | ''                | true",
        "''                | ''                | true",
        "''                | A:1               | false",
    })
    void coversBySetInclusion(String set, String other, boolean covers) {
        assertThat(set(set).covers(set(other))).isEqualTo(covers);
    }

    @ParameterizedTest(name = "\"{0}\" lacks {2} of \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "A:1-5             | A:1-5         | 0",
        "A:1-3:5-7         | A:1-10        | 4",
        "A:1-100           | A:1-218       | 118",
        "A:1-5             | A:1-5,B:1-10  | 10",
        "A:1-5,B:1-4       | A:1-8,B:1-10  | 9",
        "''                | A:1-5:7       | 6",
        "A:1-10            | A:2-3         | 0",
        "A:1-5             | A:1-5:t:1-4   | 4",
        "A:2:4:6           | A:1-7         | 4",
    })
    void countsTheTransactionsNotInTheSet(String set, String ahead, long missing) {
        assertThat(set(set).transactionsMissing(set(ahead))).isEqualTo(missing);
    }

    @Test
    void readsTheServersMultiLineFormat() {
        ReplicationPosition executed = set("A:1-5:11-18,\nB:1-27");
        assertThat(executed).isEqualTo(set("B:1-27,A:1-5:11-18"));
        assertThat(executed.covers(set("B:27"))).isTrue();
        assertThat(set("  A:1-5 ,\r\n\tB:1 \n")).isEqualTo(set("A:1-5,B:1"));
    }

    @Test
    void printsNormalizedServerSyntax() {
        assertThat(set("A:7-9:1-5:3-8")).hasToString(A + ":1-9");
        assertThat(set("A:1-5:6-9")).hasToString(A + ":1-9");
        assertThat(set("A:7")).hasToString(A + ":7");
        assertThat(set("A:1-3:5")).hasToString(A + ":1-3:5");
        assertThat(set("A:1-5,B:1-3")).hasToString(B + ":1-3," + A + ":1-5");
        assertThat(set("A:z:1:a:2-3:5")).hasToString(A + ":a:2-3:5:z:1");
        assertThat(set("A:z:1:a:2-3:4")).hasToString(A + ":a:2-4:z:1");
        assertThat(set("A:4:t:1,A:1-3")).hasToString(A + ":1-4:t:1");
        assertThat(set(A.toUpperCase() + ":1")).hasToString(A + ":1");
        assertThat(set("3e11fa4771ca11e19e33c80aa9429562:1")).isEqualTo(set("A:1"));
        assertThat(set("")).hasToString("").matches(ReplicationPosition::isEmpty);
        assertThat(set("A")).matches(ReplicationPosition::isEmpty);
    }

    @Test
    void neverComparesWithOtherKinds() {
        ReplicationPosition mySql = set("A:1-5");
        assertThat(mySql.covers(ReplicationPosition.parseMariaDbGtid("0-1-5"))).isFalse();
        assertThat(mySql.covers(ReplicationPosition.binlog("binlog.000001", 4))).isFalse();
        assertThat(mySql.transactionsMissing(ReplicationPosition.parseMariaDbGtid("0-1-5"))).isEqualTo(-1);
        assertThat(mySql.transactionsMissing(null)).isEqualTo(-1);
    }

    @Test
    void countsHugeIntervalsWithoutOverflow() {
        ReplicationPosition huge = set("A:1-9223372036854775806,B:1-9223372036854775806");
        assertThat(set("").transactionsMissing(huge)).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid:1-5", "A:5-3", "A:0", "A:1-x", "A:-tag-:1", "A:1,,B:1", "A::1", ":1-5",
        "A:99999999999999999999", "A:1-5:9tag:1", "A:thistagiswaytoolongforthemysqlserver:1"})
    void rejectsWhatIsNotAGtidSet(String text) {
        assertThatThrownBy(() -> set(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid MySQL GTID set");
    }
}
