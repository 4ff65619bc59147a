package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MariaDbGtidPositionTest {

    private static ReplicationPosition gtid(String text) {
        return ReplicationPosition.parseMariaDbGtid(text);
    }

    @ParameterizedTest(name = "\"{0}\" covers \"{1}\": {2}")
    @CsvSource(delimiter = '|', value = {
        "0-1-100           | 0-1-100           | true",
        "0-1-101           | 0-1-100           | true",
        "0-1-99            | 0-1-100           | false",
        // the server id part is ignored: sequence numbers are per domain
        "0-2-100           | 0-1-100           | true",
        "0-2-99            | 0-1-100           | false",
        // every domain of the other position must be reached
        "0-1-100,1-2-50    | 0-1-100,1-2-50    | true",
        "0-1-100,1-2-49    | 0-1-100,1-2-50    | false",
        "0-1-100           | 0-1-100,1-2-50    | false",
        "0-1-100,1-2-50    | 0-1-100           | true",
        "1-2-50,0-1-100    | 0-1-100,1-2-50    | true",
        "0-1-100,1-2-50    | 0-1-101           | false",
        "0-1-5,1-1-9,2-3-7 | 2-3-7,0-1-5       | true",
        // an empty position holds nothing: everything covers it, it covers only itself
        "0-1-1             | ''                | true",
        "''                | ''                | true",
        "''                | 0-1-1             | false",
        // a domain at sequence 0 is the same as an absent one
        "''                | 0-1-0             | true",
    })
    void coversPerDomainOnSequenceNumbers(String position, String other, boolean covers) {
        assertThat(gtid(position).covers(gtid(other))).isEqualTo(covers);
    }

    @ParameterizedTest(name = "\"{0}\" lacks {2} of \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "0-1-100        | 0-1-100        | 0",
        "0-1-100        | 0-1-118        | 18",
        "0-1-120        | 0-1-118        | 0",
        "0-1-100,1-2-50 | 0-1-110,1-2-55 | 15",
        "0-1-100        | 0-1-110,1-2-55 | 65",
        "0-1-100,1-2-60 | 0-1-110,1-2-55 | 10",
        "''             | 0-1-7          | 7",
        "0-1-7          | ''             | 0",
    })
    void countsMissingTransactionsPerDomain(String position, String ahead, long missing) {
        assertThat(gtid(position).transactionsMissing(gtid(ahead))).isEqualTo(missing);
    }

    @Test
    void keepsTheServersSyntaxAndOrder() {
        assertThat(gtid("1-2-50,0-1-100")).hasToString("1-2-50,0-1-100");
        assertThat(gtid(" 0-1-5 , 1-1-3 ")).hasToString("0-1-5,1-1-3");
        assertThat(gtid("")).hasToString("");
        assertThat(gtid("")).matches(ReplicationPosition::isEmpty);
    }

    @Test
    void takesTheHigherSequenceOfADomainListedTwice() {
        ReplicationPosition position = gtid("0-1-100,0-2-120,0-3-110");
        assertThat(position).hasToString("0-2-120");
        assertThat(position.covers(gtid("0-9-120"))).isTrue();
        assertThat(position.covers(gtid("0-9-121"))).isFalse();
    }

    @Test
    void handlesUnsignedSequenceNumbers() {
        ReplicationPosition top = gtid("0-1-18446744073709551615");
        ReplicationPosition high = gtid("0-1-9223372036854775808");
        assertThat(top.covers(high)).isTrue();
        assertThat(high.covers(top)).isFalse();
        assertThat(top).hasToString("0-1-18446744073709551615");
        assertThat(gtid("4294967295-4294967295-1")).hasToString("4294967295-4294967295-1");
    }

    @Test
    void neverComparesWithOtherKinds() {
        ReplicationPosition mariaDb = gtid("0-1-5");
        ReplicationPosition mySql = ReplicationPosition.parseMySqlGtidSet(StatusRows.SOURCE_UUID + ":1-5");
        ReplicationPosition binlog = ReplicationPosition.binlog("binlog.000001", 4);
        assertThat(mariaDb.covers(mySql)).isFalse();
        assertThat(mariaDb.covers(binlog)).isFalse();
        assertThat(mariaDb.covers(null)).isFalse();
        assertThat(mariaDb.transactionsMissing(mySql)).isEqualTo(-1);
        assertThat(mariaDb.transactionsMissing(null)).isEqualTo(-1);
    }

    @Test
    void equalPositionsAreEqual() {
        assertThat(gtid("0-1-5,1-2-3")).isEqualTo(gtid("1-2-3,0-1-5")).hasSameHashCodeAs(gtid("1-2-3,0-1-5"));
        assertThat(gtid("0-1-5")).isNotEqualTo(gtid("0-1-6"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-1", "0-1-2-3", "a-b-c", "0-1-", ",", "0-1-5,", "0--1-5", "4294967296-1-1",
        "0-4294967296-1", "0-1-18446744073709551616", "-1-1-1", "0-1-5;1-1-1"})
    void rejectsWhatIsNotAPosition(String text) {
        assertThatThrownBy(() -> gtid(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid MariaDB GTID position \"" + text.strip() + "\"");
    }
}
