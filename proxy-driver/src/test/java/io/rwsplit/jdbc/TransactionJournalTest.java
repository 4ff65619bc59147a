package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.cluster.TransactionStatistics.Mismatch;
import io.rwsplit.sql.Classification;
import io.rwsplit.sql.StatementKind;
import org.junit.jupiter.api.Test;

/** The journal's bounds: what it records and counts, when it gives up, and that it lets go once a transaction ends. */
class TransactionJournalTest {

    private static final Execution READ = Execution.of("SELECT qty FROM stock WHERE id = 1",
            Classification.of(StatementKind.READ), null);

    @Test
    void recordsUntilTheLimitThenGivesUpForGood() {
        TransactionJournal journal = new TransactionJournal(200);
        journal.begin(null);

        assertThat(journal.record(READ, 1)).isNotNull();
        assertThat(journal.bytes()).isPositive();
        assertThat(journal.record(READ, 1)).as("past 200 bytes").isNull();

        assertThat(journal.givenUpFor()).isEqualTo(Mismatch.JOURNAL_LIMIT);
        assertThat(journal.entries()).isEmpty();
        assertThat(journal.record(READ, 1)).as("given up until the next transaction").isNull();
    }

    @Test
    void letsGoOfWhatItHeldOnceTheTransactionEnds() {
        TransactionJournal journal = new TransactionJournal(1_000);
        journal.begin(null);
        journal.record(READ, 1);
        journal.record(READ, 1);

        journal.release();

        assertThat(journal.entries()).isEmpty();
        assertThat(journal.bytes()).isZero();
        journal.begin(null);
        assertThat(journal.record(READ, 1)).as("the next transaction journals afresh").isNotNull();
    }

    @Test
    void aJournalWithNoRoomIsOffFromTheStart() {
        TransactionJournal journal = new TransactionJournal(0);
        journal.begin(null);

        assertThat(journal.whyNotReplayable()).contains("rwsplit.transactionJournalLimit=0");
        assertThat(journal.record(READ, 1)).isNull();
    }
}
