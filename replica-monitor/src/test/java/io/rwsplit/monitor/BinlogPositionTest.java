package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BinlogPositionTest {

    @ParameterizedTest(name = "{0}:{1} covers {2}:{3}: {4}")
    @CsvSource({
        "binlog.000001, 1459, binlog.000001, 1459, true",
        "binlog.000001, 1460, binlog.000001, 1459, true",
        "binlog.000001, 1458, binlog.000001, 1459, false",
        // the file sequence comes first, numerically
        "binlog.000002, 4,    binlog.000001, 99999, true",
        "binlog.000001, 9999, binlog.000002, 4,     false",
        "binlog.1000000, 4,   binlog.999999, 9999,  true",
        // logs of another base name do not compare
        "other.000009, 9999,  binlog.000001, 4,     false",
    })
    void comparesFileSequenceThenOffset(String file, long offset, String otherFile, long otherOffset,
                                        boolean covers) {
        assertThat(ReplicationPosition.binlog(file, offset).covers(ReplicationPosition.binlog(otherFile, otherOffset)))
                .isEqualTo(covers);
    }

    @Test
    void cannotCountTransactions() {
        ReplicationPosition behind = ReplicationPosition.binlog("binlog.000001", 100);
        ReplicationPosition ahead = ReplicationPosition.binlog("binlog.000001", 200);
        assertThat(ahead.transactionsMissing(behind)).isZero();
        assertThat(behind.transactionsMissing(ahead)).isEqualTo(-1);
        assertThat(behind.transactionsMissing(ReplicationPosition.parseMariaDbGtid("0-1-1"))).isEqualTo(-1);
        assertThat(behind.covers(ReplicationPosition.parseMariaDbGtid(""))).isFalse();
    }

    @Test
    void printsFileAndOffset() {
        assertThat(ReplicationPosition.binlog("mysql-bin.000012", 4711)).hasToString("mysql-bin.000012:4711")
                .isEqualTo(ReplicationPosition.binlog("mysql-bin.000012", 4711))
                .isNotEqualTo(ReplicationPosition.binlog("mysql-bin.000012", 4712));
        assertThat(ReplicationPosition.binlog("a.1", 1).isEmpty()).isFalse();
    }

    @Test
    void rejectsBlankFilesAndNegativeOffsets() {
        assertThatThrownBy(() -> ReplicationPosition.binlog(" ", 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> ReplicationPosition.binlog("binlog.000001", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
