package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GtidCountTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|0",
            "0-1-57|57",
            "0-1-57,1-2-3|60",
            "' 0-2-100 '|100",
            "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5|5",
            "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7:10-12|9",
            "'aaaaaaaa-0000-0000-0000-000000000001:1-3,\nbbbbbbbb-0000-0000-0000-000000000002:1-10'|13"})
    void countsTheTransactionsOfAPosition(String position, long count) {
        assertThat(GtidCount.of(position)).isEqualTo(count);
    }

    @Test
    void nullCountsNone() {
        assertThat(GtidCount.of(null)).isZero();
    }

    @Test
    void refusesWhatIsNoGtid() {
        assertThatThrownBy(() -> GtidCount.of("0-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
