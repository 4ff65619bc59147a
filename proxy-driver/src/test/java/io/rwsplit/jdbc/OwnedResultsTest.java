package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A Connector/J release whose result sets lack the internal API to take an owner: they are wrapped instead. */
class OwnedResultsTest {

    @Test
    void wrapsResultSetsWhenConnectorJsInternalClassesAreGone() throws Exception {
        Field ownable = OwnedResults.class.getDeclaredField("ownable");
        ownable.setAccessible(true);
        try {
            ResultSet physical = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ResultSet.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getConcurrency" -> ResultSet.CONCUR_READ_ONLY;
                        case "isWrapperFor" -> throw new NoClassDefFoundError(
                                "com/mysql/cj/jdbc/result/ResultSetInternalMethods");
                        case "next" -> true;
                        default -> null;
                    });
            Statement owner = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Statement.class}, (proxy, method, args) -> null);
            Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> null);

            ResultSet handedOut = OwnedResults.of(physical, connection, owner);

            assertThat(handedOut).isNotSameAs(physical);
            assertThat(handedOut.getStatement()).isSameAs(owner);
            assertThat(handedOut.next()).isTrue();
            assertThat(ownable.getBoolean(null)).as("said once, then wrapped without trying").isFalse();
        } finally {
            ownable.setBoolean(null, true);
        }
    }
}
