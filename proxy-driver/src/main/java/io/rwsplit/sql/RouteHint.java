package io.rwsplit.sql;

/** A routing hint given in a leading comment, e.g. {@code /* rwsplit:primary *&#47;}. */
public enum RouteHint {
    NONE,
    /** {@code /* rwsplit:primary *&#47;}: run on the primary whatever the statement is. */
    PRIMARY,
    /** {@code /* rwsplit:replica *&#47;}: a read may run on a replica even where it otherwise would not. */
    REPLICA
}
