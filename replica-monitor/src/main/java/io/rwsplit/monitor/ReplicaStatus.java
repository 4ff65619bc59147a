package io.rwsplit.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * What the monitor last knew about one replica.
 *
 * @param endpoint           the replica
 * @param state              its health
 * @param serving            whether it is in the read pool: {@link ReplicaState#HEALTHY} and, after having been out,
 *                           healthy under the restore lag for the restore dwell time
 * @param reason             why it is in that state, in plain words, e.g. {@code lag=3200ms > maxLag=1000ms}
 * @param lagMillis          replication lag in milliseconds; -1 when unknown
 * @param transactionsBehind transactions the primary has that the replica has not applied; -1 when unknown
 * @param position           the replica's applied position; null when unknown
 * @param probeMicros        how long the last probe took, in microseconds
 * @param since              when it entered its current state
 * @param observedAt         when it was last observed
 * @param lastError          the last connection or replication error; null when there is none
 */
public record ReplicaStatus(Endpoint endpoint, ReplicaState state, boolean serving, String reason, long lagMillis,
                            long transactionsBehind, ReplicationPosition position, long probeMicros, Instant since,
                            Instant observedAt, String lastError) {

    public ReplicaStatus {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(observedAt, "observedAt");
        if (serving && state != ReplicaState.HEALTHY) {
            throw new IllegalArgumentException(endpoint + " cannot serve reads while " + state);
        }
    }

    /** Whether the lag is known. */
    public boolean lagKnown() {
        return lagMillis >= 0;
    }
}
