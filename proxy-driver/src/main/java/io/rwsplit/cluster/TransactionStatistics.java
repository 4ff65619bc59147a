package io.rwsplit.cluster;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of transactions moved between servers by replaying their journal, and of those that could not be. */
public final class TransactionStatistics {

    /** Why a transaction could not go on on another server (its app got SQLState 40001). */
    public enum Mismatch {
        /** An answer of the replay differed from what the app had seen. */
        RESULT_DIFFERED,
        /** The journal passed rwsplit.transactionJournalLimit (or is off). */
        JOURNAL_LIMIT,
        /** It ran something that cannot be replayed (a stream, a scrolled result), or no server could take it. */
        NOT_REPLAYABLE,
        /** The replay itself failed with an error. */
        REPLAY_FAILED;

        /** The name in metrics and the status API, e.g. {@code result-differed}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The counters at one moment.
     *
     * @param promotions optimistic transactions moved to the primary at their first write
     * @param replays    transactions that went on on another server after their replica failed
     * @param rolledBack transactions rolled back with SQLState 40001, by reason ({@link Mismatch#key()})
     */
    public record Counts(long promotions, long replays, Map<String, Long> rolledBack) {
    }

    private final LongAdder promotions = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder[] mismatches = new LongAdder[Mismatch.values().length];

    TransactionStatistics() {
        for (int i = 0; i < mismatches.length; i++) {
            mismatches[i] = new LongAdder();
        }
    }

    /**
     * A journal replayed with every answer the same.
     *
     * @param promotion an optimistic transaction moved to the primary; else a transaction whose replica failed
     */
    public void replayed(boolean promotion) {
        (promotion ? promotions : replays).increment();
    }

    public void mismatch(Mismatch reason) {
        mismatches[reason.ordinal()].increment();
    }

    /** Optimistic transactions that moved to the primary at their first write. */
    public long promotions() {
        return promotions.sum();
    }

    /** Transactions that went on on another server after their replica failed. */
    public long replays() {
        return replays.sum();
    }

    /** Transactions rolled back with SQLState 40001, by reason; reasons never seen are left out. */
    public Map<Mismatch, Long> mismatches() {
        Map<Mismatch, Long> copy = new EnumMap<>(Mismatch.class);
        for (Mismatch reason : Mismatch.values()) {
            long count = mismatches[reason.ordinal()].sum();
            if (count > 0) {
                copy.put(reason, count);
            }
        }
        return copy;
    }

    public Counts counts() {
        Map<String, Long> byKey = new java.util.LinkedHashMap<>();
        mismatches().forEach((reason, count) -> byKey.put(reason.key(), count));
        return new Counts(promotions(), replays(), Map.copyOf(byKey));
    }

    public long mismatches(Mismatch reason) {
        return mismatches[reason.ordinal()].sum();
    }
}
