package io.rwsplit.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Wraps the JDBC objects that need no routing (metadata, updatable result sets, callable statements) so that they
 * hand back our logical connection and statement instead of the physical ones; every other call goes straight
 * through. Read-only result sets of our statements need no wrapper (see {@link OwnedResults}).
 */
final class PassThrough implements InvocationHandler {

    /** Told after each {@code execute*} call of a wrapped callable statement. */
    @FunctionalInterface
    interface AfterExecute {
        /** @param failure what the call threw, or null */
        void ran(SQLException failure) throws SQLException;
    }

    private final Object target;
    private final Connection connection;
    private final Statement statement;
    private final AfterExecute afterExecute;

    private PassThrough(Object target, Connection connection, Statement statement, AfterExecute afterExecute) {
        this.target = target;
        this.connection = connection;
        this.statement = statement;
        this.afterExecute = afterExecute;
    }

    /**
     * @param statement what {@code getStatement()} of a wrapped result set answers; may be null
     */
    static <T> T wrap(Class<T> type, T target, Connection connection, Statement statement) {
        if (target == null) {
            return null;
        }
        Object proxy = Proxy.newProxyInstance(PassThrough.class.getClassLoader(), new Class<?>[] {type},
                new PassThrough(target, connection, statement, null));
        return type.cast(proxy);
    }

    /** Wraps a callable statement, telling {@code afterExecute} after each execution: a procedure may commit. */
    static CallableStatement wrapCallable(CallableStatement target, Connection connection,
                                          AfterExecute afterExecute) {
        Object proxy = Proxy.newProxyInstance(PassThrough.class.getClassLoader(),
                new Class<?>[] {CallableStatement.class}, new PassThrough(target, connection, null, afterExecute));
        return (CallableStatement) proxy;
    }

    /** What {@link #aboutProxy} answers when the call is the target's to answer. */
    static final Object FOR_TARGET = new Object();

    /**
     * A proxy's answer about itself, as every JDBC wrapper must give it: {@code unwrap} and {@code isWrapperFor} to an
     * interface it implements, identity {@code equals} and {@code hashCode}; {@link #FOR_TARGET} for any other call.
     */
    static Object aboutProxy(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : FOR_TARGET;
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy) ? Boolean.TRUE : FOR_TARGET;
            case "equals":
                return args != null && args.length == 1 ? proxy == args[0] : FOR_TARGET;
            case "hashCode":
                return args == null ? System.identityHashCode(proxy) : FOR_TARGET;
            default:
                return FOR_TARGET;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getConnection":
                if (args == null) {
                    return connection;
                }
                break;
            case "getStatement":
                if (args == null) {
                    return statement;
                }
                break;
            default:
                Object own = aboutProxy(proxy, method, args);
                if (own != FOR_TARGET) {
                    return own;
                }
                break;
        }
        boolean execution = afterExecute != null && method.getName().startsWith("execute");
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (execution && e.getCause() instanceof SQLException failure) {
                afterExecute.ran(failure);
            }
            throw e.getCause();
        }
        if (execution) {
            afterExecute.ran(null);
        }
        if (result instanceof ResultSet && method.getReturnType() == ResultSet.class) {
            Statement owner = proxy instanceof Statement ? (Statement) proxy : null;
            return wrap(ResultSet.class, (ResultSet) result, connection, owner);
        }
        return result;
    }

}
