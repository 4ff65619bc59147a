package io.rwsplit.sql;

/**
 * What a statement does, as far as routing cares. Anything the classifier cannot settle is {@link #UNKNOWN}, and
 * unknown runs on the primary.
 */
public enum StatementKind {
    /** A plain read with no session dependency: SELECT, WITH ... SELECT, TABLE, VALUES. May run on a replica. */
    READ,
    /**
     * A read that depends on this session's state on the primary: LAST_INSERT_ID(), FOUND_ROWS(), ROW_COUNT(),
     * {@code @@IDENTITY}, GET_LOCK() and friends, NEXTVAL/NEXT VALUE FOR, user-variable assignment, SELECT ... INTO, SHOW.
     */
    SESSION_READ,
    /** SELECT ... FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE. */
    LOCKING_READ,
    /** INSERT, UPDATE, DELETE, REPLACE, LOAD DATA, and other statements that change data. */
    WRITE,
    /** CREATE, ALTER, DROP, TRUNCATE, RENAME, GRANT and other schema or administrative statements. */
    DDL,
    /** CREATE / DROP TEMPORARY TABLE: runs on the primary and makes later reads of that table primary-bound. */
    TEMPORARY_TABLE,
    /** CALL of a stored procedure: it may write, so it runs on the primary. */
    CALL,
    /**
     * SET of session or user variables, SET NAMES, SET CHARACTER SET, USE, SET SESSION TRANSACTION: replayed on every
     * backend.
     */
    SESSION_SET,
    /** LOCK TABLES, UNLOCK TABLES, SET GLOBAL and other session-bound commands that cannot be replayed: primary. */
    SESSION_PIN,
    /** BEGIN, START TRANSACTION [WITH CONSISTENT SNAPSHOT]. */
    BEGIN,
    /** START TRANSACTION READ ONLY. */
    BEGIN_READ_ONLY,
    /**
     * START TRANSACTION READ WRITE: declared to write, so it starts on the primary even with optimistic transactions
     * (on a replica it would lift the session's read-only safety net for the transaction).
     */
    BEGIN_READ_WRITE,
    /** COMMIT [WORK]. */
    COMMIT,
    /** ROLLBACK [WORK] (not ROLLBACK TO SAVEPOINT). */
    ROLLBACK,
    /**
     * SAVEPOINT, RELEASE SAVEPOINT, ROLLBACK TO SAVEPOINT, XA, COMMIT / ROLLBACK AND CHAIN: belongs to the transaction's
     * backend.
     */
    TRANSACTION_CONTROL,
    /** More than one statement in one string (a ';' outside literals and comments followed by more SQL). */
    MULTI_STATEMENT,
    /** Could not be classified, or too long to parse: runs on the primary. */
    UNKNOWN;

    /** Whether the statement begins a transaction: BEGIN or START TRANSACTION, whatever its characteristics. */
    public boolean beginsTransaction() {
        return this == BEGIN || this == BEGIN_READ_ONLY || this == BEGIN_READ_WRITE;
    }

    /**
     * Whether a statement of this kind may begin or end a transaction without saying so: a stored procedure, a
     * multi-statement, or a batch or statement the classifier could not read (a BEGIN or COMMIT inside); DDL, which
     * commits the open transaction.
     */
    public boolean mayHideTransactionControl() {
        return this == CALL || this == MULTI_STATEMENT || this == UNKNOWN || this == DDL;
    }
}
