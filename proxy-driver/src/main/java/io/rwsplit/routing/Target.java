package io.rwsplit.routing;

/** Where a routed statement runs. */
public enum Target {
    PRIMARY,
    /** A replica chosen by the balancer (a new read-only transaction pins to it). */
    REPLICA,
    /** The backend the open transaction already runs on. */
    TRANSACTION_BACKEND,
    /** Every backend this logical connection uses now, and every one it opens later (session state). */
    EVERY_BACKEND,
    /** Nowhere: the driver refuses the statement before anything is sent. */
    NONE
}
