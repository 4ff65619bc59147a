package io.rwsplit.jdbc;

import io.rwsplit.cluster.TransactionStatistics.Mismatch;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A result set of a journaled transaction whose rows are not held (streamed, fetched by cursor, scrollable, updatable,
 * or too large for the journal's limit; see {@link HeldRows} for the others): each row the app moves onto with
 * {@code next()} goes into the entry's {@link RowChecksum}. Moving any other way (a scrollable result's
 * {@code absolute}, {@code previous}, ...), or asking for further results, makes the transaction unreplayable: a replay
 * could not say what the app saw.
 */
final class ResultWatch implements InvocationHandler {

    private final ResultSet results;
    private final RowChecksum checksum;
    private final TransactionJournal journal;
    private final Connection connection;
    private final Statement owner;

    private ResultWatch(ResultSet results, RowChecksum checksum, TransactionJournal journal, Connection connection,
                        Statement owner) {
        this.results = results;
        this.checksum = checksum;
        this.journal = journal;
        this.connection = connection;
        this.owner = owner;
    }

    /** The proxy class's constructor, looked up once: {@code Proxy.newProxyInstance} looks it up on every call. */
    private static final Constructor<?> PROXY = proxyConstructor();

    static ResultSet wrap(ResultSet results, JournalEntry entry, TransactionJournal journal, Connection connection,
                          Statement owner) {
        ResultWatch watch = new ResultWatch(results, entry.watch(), journal, connection, owner);
        try {
            return (ResultSet) PROXY.newInstance(watch);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a result set proxy", e);
        }
    }

    private static Constructor<?> proxyConstructor() {
        Object sample = Proxy.newProxyInstance(ResultWatch.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> null);
        try {
            return sample.getClass().getConstructor(InvocationHandler.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "next":
                boolean hasRow = results.next();
                checksum.moved(results, hasRow);
                return hasRow;
            case "getStatement":
                return owner;
            case "previous", "absolute", "relative", "first", "last", "beforeFirst", "afterLast", "moveToInsertRow",
                    "insertRow", "updateRow", "deleteRow":
                journal.giveUp(Mismatch.NOT_REPLAYABLE, "it moved through or changed a result set other than with next()");
                break;
            default:
                Object own = PassThrough.aboutProxy(proxy, method, args);
                if (own != PassThrough.FOR_TARGET) {
                    return own;
                }
                break;
        }
        try {
            return method.invoke(results, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return "ResultWatch[" + results + " on " + connection + "]";
    }
}
