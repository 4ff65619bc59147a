package io.rwsplit.sql;

/** A routing hint given in a leading block comment: {@code rwsplit:primary} or {@code rwsplit:replica}. */
public enum RouteHint {
    NONE,
    /** Run on the primary whatever the statement is. */
    PRIMARY,
    /** A read may run on a replica even where it otherwise would not (e.g. a SHOW or a session-function read). */
    REPLICA
}
