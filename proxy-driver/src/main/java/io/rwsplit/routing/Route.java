package io.rwsplit.routing;

/**
 * A routing decision: where a statement runs and why. An enum so that deciding allocates nothing and statistics
 * can count by reason.
 */
public enum Route {
    REPLICA_READ(Target.REPLICA, "read"),
    REPLICA_HINT(Target.REPLICA, "hint"),
    /** First statement of a read-only transaction: picks a replica that the whole transaction stays on. */
    REPLICA_TRANSACTION(Target.REPLICA, "read-only transaction"),
    /**
     * First statement of a transaction not declared read-only, with {@code rwsplit.optimisticTransactions}: it starts
     * on a replica and moves to the primary at its first statement that must run there.
     */
    REPLICA_OPTIMISTIC(Target.REPLICA, "optimistic transaction"),
    TRANSACTION_CONTINUES(Target.TRANSACTION_BACKEND, "transaction"),
    TRANSACTION_END(Target.TRANSACTION_BACKEND, "transaction end"),
    SESSION_STATE(Target.EVERY_BACKEND, "session state"),
    PRIMARY_HINT(Target.PRIMARY, "hint"),
    PRIMARY_FORCED(Target.PRIMARY, "forced"),
    PRIMARY_TRANSACTION(Target.PRIMARY, "transaction"),
    /**
     * A statement of an optimistic transaction that must run on the primary: the transaction moves there, its
     * statements so far replayed and their results compared, before this one runs.
     */
    PRIMARY_PROMOTION(Target.PRIMARY, "promotion"),
    PRIMARY_WRITE(Target.PRIMARY, "write"),
    PRIMARY_DDL(Target.PRIMARY, "ddl"),
    PRIMARY_CALL(Target.PRIMARY, "call"),
    PRIMARY_LOCKING_READ(Target.PRIMARY, "locking read"),
    PRIMARY_SESSION_READ(Target.PRIMARY, "session function"),
    PRIMARY_SESSION_PIN(Target.PRIMARY, "session pin"),
    PRIMARY_TEMPORARY_TABLE(Target.PRIMARY, "temporary table"),
    PRIMARY_MULTI_STATEMENT(Target.PRIMARY, "multi-statement"),
    PRIMARY_UNKNOWN(Target.PRIMARY, "unknown sql"),
    /** A replica-bound statement while no replica serves reads. */
    PRIMARY_FALLBACK(Target.PRIMARY, "fallback"),
    /** A replica-bound read that must see an earlier write no usable replica has applied yet. */
    PRIMARY_READ_YOUR_WRITES(Target.PRIMARY, "read-your-writes"),
    REFUSED_READ_ONLY(Target.NONE, "write in read-only mode"),
    REFUSED_NO_REPLICA(Target.NONE, "no replica");

    private final Target target;
    private final String reason;

    Route(Target target, String reason) {
        this.target = target;
        this.reason = reason;
    }

    public Target target() {
        return target;
    }

    /** A short reason for statistics and TRACE lines. */
    public String reason() {
        return reason;
    }
}
