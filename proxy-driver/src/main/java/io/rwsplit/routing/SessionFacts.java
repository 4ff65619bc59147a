package io.rwsplit.routing;

/** What the router needs to know about a logical connection's session, read at the moment a statement runs. */
public interface SessionFacts {

    /** Where the open transaction runs, if one is open. */
    enum TransactionBackend { NONE, PRIMARY, REPLICA }

    /** False after {@code setAutoCommit(false)} or {@code SET autocommit=0}. */
    boolean autoCommit();

    /** {@code setReadOnly(true)} is in effect. */
    boolean readOnly();

    /** An explicit BEGIN / START TRANSACTION is open (in autocommit mode). */
    boolean explicitTransaction();

    /** The open explicit transaction was started READ ONLY. */
    boolean explicitReadOnlyTransaction();

    /** The backend the current transaction has started on; NONE before its first statement. */
    TransactionBackend transactionBackend();

    /** The open transaction started optimistically on a replica, and has not moved to the primary yet. */
    boolean optimisticTransaction();

    /** The application asked for the primary for a block of work. */
    boolean forcedPrimary();

    /** Session state that cannot be replayed (LOCK TABLES, GET_LOCK) lives on the primary. */
    boolean pinnedToPrimary();

    /** The statement mentions a temporary table this session created (on the primary). */
    boolean mentionsTemporaryTable(String sql);

    /**
     * The statement reads a user variable while this session has assigned user variables inside a SELECT
     * ({@code SELECT @v := ...}, {@code SELECT ... INTO @v}): such values exist on the primary only.
     */
    boolean readsPrimaryOnlyVariable(String sql);
}
