package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {

    private final List<String> calls = new ArrayList<>();
    private final SessionSettings settings = new SessionSettings();

    @Test
    void makesNoCallOnANewConnectionWhenNothingWasSet() throws Exception {
        assertThat(settings.applyTo(recordingConnection())).isFalse();
        assertThat(calls).isEmpty();
    }

    @Test
    void bringsANewConnectionIntoEverySettingMade() throws Exception {
        settings.isolation = Connection.TRANSACTION_READ_COMMITTED;
        settings.catalog = "other";
        settings.schema = "other";
        settings.networkTimeoutMillis = 1500;
        settings.clientInfo("ApplicationName", "billing");
        assertThat(settings.applyTo(recordingConnection())).as("only JDBC settings: the pool undoes them").isFalse();
        assertThat(calls).containsExactly("setTransactionIsolation", "setCatalog", "setSchema", "setNetworkTimeout",
                "setClientInfo");
    }

    @Test
    void replaysSessionStatementsInTheOrderTheyLastRan() throws Exception {
        settings.record(new SessionCommand("SET time_zone = '+01:00'", null));
        settings.record(new SessionCommand("USE other", null));
        settings.record(new SessionCommand("SET time_zone = '+01:00'", null));
        assertThat(settings.applyTo(recordingConnection())).as("the session changed").isTrue();
        assertThat(calls).containsExactly("execute USE other", "execute SET time_zone = '+01:00'");
    }

    @Test
    void handsOutCopiesOfTheClientInfo() {
        settings.clientInfo("ApplicationName", "billing");
        Properties copy = settings.clientInfo();
        copy.setProperty("ApplicationName", "changed");
        assertThat(settings.clientInfo().getProperty("ApplicationName")).isEqualTo("billing");
        settings.clientInfo("ApplicationName", null);
        assertThat(settings.clientInfo()).isEmpty();
    }

    /** A connection that records which setters ran, and the SQL of its statements. */
    private Connection recordingConnection() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createStatement")) {
                        return recordingStatement();
                    }
                    calls.add(method.getName());
                    return null;
                });
    }

    private Statement recordingStatement() {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        calls.add("execute " + args[0]);
                        return false;
                    }
                    return null;
                });
    }
}
