package io.rwsplit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A frozen server never answers a connect: Connector/J's own default (0) would wait for ever. Client-side prepared
 * statements keep their parse in Connector/J's cache unless the user decides otherwise.
 */
class ConnectorDataSourceTest {

    @Test
    void boundsTheConnectWhenTheUserSetsNoTimeout() {
        Properties user = new Properties();
        user.setProperty("useSSL", "false");
        Properties used = ConnectorDataSource.withDefaults(user);
        assertThat(used.getProperty("connectTimeout")).isEqualTo("5000");
        assertThat(used.getProperty("useSSL")).isEqualTo("false");
        assertThat(user.getProperty("connectTimeout")).as("the user's properties are left alone").isNull();
    }

    @Test
    void keepsTheUsersConnectTimeout() {
        Properties user = new Properties();
        user.setProperty("connectTimeout", "250");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("connectTimeout")).isEqualTo("250");
    }

    @Test
    void keepsAnExplicitZeroThatAsksToWaitForEver() {
        Properties user = new Properties();
        user.setProperty("connectTimeout", "0");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("connectTimeout")).isEqualTo("0");
    }

    @Test
    void cachesTheParseOfClientSidePreparedStatementsOfOrmLength() {
        Properties used = ConnectorDataSource.withDefaults(new Properties());
        assertThat(used.getProperty("cachePrepStmts")).isEqualTo("true");
        assertThat(used.getProperty("prepStmtCacheSqlLimit")).isEqualTo("2048");
    }

    @Test
    void keepsTheUsersChoiceAboutTheCache() {
        Properties user = new Properties();
        user.setProperty("cachePrepStmts", "false");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("cachePrepStmts")).isEqualTo("false");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("prepStmtCacheSqlLimit")).isNull();
        user.setProperty("cachePrepStmts", "true");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("prepStmtCacheSqlLimit"))
                .as("a cache the user turned on keeps Connector/J's sizes").isNull();
        user.remove("cachePrepStmts");
        user.setProperty("prepStmtCacheSqlLimit", "512");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("prepStmtCacheSqlLimit")).isEqualTo("512");
    }

    @Test
    void leavesServerSidePreparedStatementsUncachedUnlessAsked() {
        Properties user = new Properties();
        user.setProperty("useServerPrepStmts", "TRUE");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("cachePrepStmts")).isNull();
        user.setProperty("useServerPrepStmts", "yes");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("cachePrepStmts")).isNull();
        user.setProperty("useServerPrepStmts", "false");
        assertThat(ConnectorDataSource.withDefaults(user).getProperty("cachePrepStmts")).isEqualTo("true");
    }
}
