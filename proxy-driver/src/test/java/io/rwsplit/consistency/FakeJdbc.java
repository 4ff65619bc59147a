package io.rwsplit.consistency;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;

/** JDBC objects answered by a lambda, for the fake servers of these tests. */
final class FakeJdbc {

    /** Answers one call on a fake JDBC object. */
    @FunctionalInterface
    interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private FakeJdbc() {
    }

    static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(FakeJdbc.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }

    /** A result set of one row of one column holding {@code value}, read by getString or, for a number, getLong. */
    static ResultSet oneRow(Object value) {
        boolean[] read = {false};
        return proxy(ResultSet.class, (method, args) -> switch (method) {
            case "next" -> {
                boolean first = !read[0];
                read[0] = true;
                yield first;
            }
            case "getString" -> value == null ? null : value.toString();
            case "getLong" -> ((Number) value).longValue();
            case "wasNull" -> value == null;
            default -> null;
        });
    }
}
