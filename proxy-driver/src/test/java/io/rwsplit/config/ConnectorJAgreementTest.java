package io.rwsplit.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.conf.ConnectionUrl;
import com.mysql.cj.conf.HostInfo;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.url.ReplicationConnectionUrl;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks our reading of a URL against Connector/J's own parser, so the two cannot drift apart unnoticed. */
class ConnectorJAgreementTest {

    private static final String QUERY = "?user=fromUrl&password=a%26b%2Bc&sslMode=DISABLED&connectTimeout=1000"
            + "&note=a+b%20c&dup=1&dup=2";

    @Test
    void mergesUrlAndPropertiesAsConnectorJDoes() {
        Properties info = Configs.props("user", "fromProps", "sslMode", "REQUIRED", "cachePrepStmts", "true");

        HostInfo theirs = ConnectionUrl.getConnectionUrlInstance("jdbc:mysql://p:3306/my%20db" + QUERY, info)
                .getMainHost();
        DriverConfig ours = Configs.parse("jdbc:rwsplit:mysql://p:3306/my%20db" + QUERY, info);

        Map<String, String> theirProperties = theirs.getHostProperties();
        for (String key : new String[] {"sslMode", "connectTimeout", "note", "dup", "cachePrepStmts"}) {
            assertThat(ours.backendProperties().getProperty(key)).as(key).isEqualTo(theirProperties.get(key));
        }
        assertThat(ours.user()).contains(theirs.getUser()).contains("fromProps");
        assertThat(ours.backendProperties().getProperty("password")).isEqualTo(theirs.getPassword())
                .isEqualTo("a&b+c");
        assertThat(ours.database()).isEqualTo(theirs.getDatabase()).isEqualTo("my db");
    }

    @Test
    void readsHostsAsConnectorJReadsThem() {
        String hosts = "//address=(host=r1)(port=3307)(type=replica),[::1]:3310,r2/app";

        ConnectionUrl theirs = ConnectionUrl.getConnectionUrlInstance("jdbc:mysql:replication:" + hosts, null);
        DriverConfig ours = Configs.parse("jdbc:rwsplit:mysql:" + hosts);

        ReplicationConnectionUrl replication = (ReplicationConnectionUrl) theirs;
        assertThat(replication.getSourcesListAsHostPortPairs()).containsExactly("[::1]:3310");
        assertThat(replication.getReplicasListAsHostPortPairs()).containsExactly("r1:3307", "r2:3306");
        assertThat(ours.primary()).hasToString("[::1]:3310");
        assertThat(ours.replicas()).extracting(Object::toString).containsExactly("r1:3307", "r2:3306");
    }

    @Test
    void usesNoConnectorJPropertyNameForOurSettings() {
        Set<String> theirs = Arrays.stream(PropertyKey.values())
                .map(key -> key.getKeyName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());

        for (Setting<?> setting : Settings.all()) {
            String bare = setting.name().substring(Settings.PREFIX.length()).toLowerCase(Locale.ROOT);
            assertThat(theirs).as("Connector/J has a property named like " + setting.name()).doesNotContain(bare);
        }
    }
}
