package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every method of the JDBC interfaces we hand-write is either implemented by our class (delegated or handled) or
 * left to the interface's default on purpose, listed here with the reason. A new JDBC method fails this test until
 * someone decides.
 */
class JdbcContractTest {

    /** Interface defaults that are right as they are. */
    private static final Map<Class<?>, Set<String>> DELIBERATE_DEFAULTS = Map.of(
            // Pool hints (no-ops by default) and sharding keys (unsupported by MySQL): nothing to route.
            Connection.class, Set.of("beginRequest", "endRequest", "setShardingKeyIfValid", "setShardingKey"),
            // Pure string helpers with no server round trip.
            Statement.class, Set.of("enquoteLiteral", "enquoteIdentifier", "isSimpleIdentifier",
                    "enquoteNCharLiteral"),
            PreparedStatement.class, Set.of());

    @Test
    void routingConnectionImplementsEveryConnectionMethod() {
        assertThat(unhandled(Connection.class, RoutingConnection.class)).isEmpty();
    }

    @Test
    void routingStatementImplementsEveryStatementMethod() {
        assertThat(unhandled(Statement.class, RoutingStatement.class)).isEmpty();
    }

    @Test
    void routingPreparedStatementImplementsEveryPreparedStatementMethod() {
        assertThat(unhandled(PreparedStatement.class, RoutingPreparedStatement.class)).isEmpty();
    }

    @Test
    void deliberateDefaultsAreStillDefaultsOfTheInterface() {
        DELIBERATE_DEFAULTS.forEach((type, names) -> {
            for (String name : names) {
                boolean found = false;
                for (Method method : type.getMethods()) {
                    if (method.getName().equals(name)) {
                        found = true;
                        assertThat(method.isDefault()).as(type.getSimpleName() + "." + name).isTrue();
                    }
                }
                assertThat(found).as(type.getSimpleName() + "." + name + " exists").isTrue();
            }
        });
    }

    private static List<String> unhandled(Class<?> api, Class<?> implementation) {
        List<String> missing = new ArrayList<>();
        for (Method method : api.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method implemented = implementationOf(implementation, method);
            boolean ours = implemented != null && !implemented.getDeclaringClass().isInterface();
            boolean deliberate = isDeliberateDefault(api, method);
            if (!ours && !deliberate) {
                missing.add(method.toGenericString());
            }
        }
        return missing;
    }

    private static boolean isDeliberateDefault(Class<?> api, Method method) {
        for (Map.Entry<Class<?>, Set<String>> entry : DELIBERATE_DEFAULTS.entrySet()) {
            if (entry.getKey().isAssignableFrom(api) && entry.getValue().contains(method.getName())
                    && method.isDefault()) {
                return true;
            }
        }
        return false;
    }

    private static Method implementationOf(Class<?> implementation, Method method) {
        try {
            return implementation.getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
