package io.rwsplit.config;

import static io.rwsplit.config.Configs.HOSTS;
import static io.rwsplit.config.Configs.parse;
import static io.rwsplit.config.Configs.problems;
import static io.rwsplit.config.Configs.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.routing.LoadBalance;
import io.rwsplit.routing.NoReplicaPolicy;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverConfigTest {

    // ---- precedence -------------------------------------------------------------------------------------------

    @Test
    void letsPropertiesOverrideTheUrlForConnectorJKeys() {
        DriverConfig config = parse(HOSTS + "?sslMode=DISABLED&connectTimeout=1000",
                props("sslMode", "REQUIRED"));

        assertThat(config.backendProperties())
                .containsEntry("sslMode", "REQUIRED")
                .containsEntry("connectTimeout", "1000");
    }

    @Test
    void letsPropertiesOverrideTheUrlForUserAndPassword() {
        DriverConfig config = parse(HOSTS + "?user=fromUrl&password=urlPw",
                props("user", "fromProps", "password", "propsPw"));

        assertThat(config.user()).contains("fromProps");
        assertThat(config.backendProperties())
                .containsEntry("user", "fromProps")
                .containsEntry("password", "propsPw");
    }

    @Test
    void letsPropertiesOverrideTheUrlForRwsplitKeys() {
        DriverConfig config = parse(HOSTS + "?rwsplit.maxReplicaLag=5000&rwsplit.poolMaxSize=20",
                props("rwsplit.maxReplicaLag", "3s"));

        assertThat(config.maxReplicaLag()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.poolMaxSize()).isEqualTo(20);
    }

    @Test
    void letsAValidPropertiesValueReplaceAnInvalidUrlValue() {
        DriverConfig config = parse(HOSTS + "?rwsplit.pollInterval=5", props("rwsplit.pollInterval", "500"));

        assertThat(config.pollInterval()).hasMillis(500);
    }

    @Test
    void readsDefaultsChainedInsideTheProperties() {
        Properties defaults = props("sslMode", "VERIFY_CA", "rwsplit.noReplica", "fail");
        Properties info = new Properties(defaults);
        info.setProperty("user", "app");

        DriverConfig config = parse(HOSTS, info);

        assertThat(config.backendProperties()).containsEntry("sslMode", "VERIFY_CA").containsEntry("user", "app");
        assertThat(config.noReplica()).isEqualTo(NoReplicaPolicy.FAIL);
    }

    @Test
    void readsNonStringRwsplitValuesAsHikariCpDataSourcePropertiesStoreThem() {
        Properties info = new Properties();
        info.put("rwsplit.poolMaxSize", 25);
        info.put("rwsplit.maxTransactionsBehind", 100L);

        DriverConfig config = parse(HOSTS, info);

        assertThat(config.poolMaxSize()).isEqualTo(25);
        assertThat(config.maxTransactionsBehind()).isEqualTo(100L);
    }

    @Test
    void readsUserAndPasswordInAnyCaseAsConnectorJDoes() {
        DriverConfig config = parse(HOSTS + "?USER=app", props("Password", "pw"));

        assertThat(config.user()).contains("app");
        assertThat(config.monitorUser()).contains("app");
        assertThat(config.monitorPassword()).contains("pw");
        assertThat(config.toString()).doesNotContain("pw,").contains("Password=<masked>");
    }

    @Test
    void acceptsNullProperties() {
        DriverConfig config = parse(HOSTS + "?user=app", null);

        assertThat(config.user()).contains("app");
    }

    // ---- passthrough ----------------------------------------------------------------------------------------------

    @Test
    void passesEveryNonRwsplitPropertyToConnectorJUnchanged() {
        DriverConfig config = parse(HOSTS + "?user=app&password=pw&sslMode=VERIFY_IDENTITY&connectTimeout=3000"
                + "&useServerPrepStmts=true&rwsplit.loadBalance=random&rwsplit.maxReplicaLag=2s",
                props("cachePrepStmts", "true", "rwsplit.poolMaxSize", "4", "serverTimezone", "UTC"));

        assertThat(config.backendProperties()).containsOnly(
                entry("user", "app"),
                entry("password", "pw"),
                entry("sslMode", "VERIFY_IDENTITY"),
                entry("connectTimeout", "3000"),
                entry("useServerPrepStmts", "true"),
                entry("cachePrepStmts", "true"),
                entry("serverTimezone", "UTC"));
    }

    @Test
    void keepsBackendValuesVerbatimEvenWhenTheyLookOdd() {
        DriverConfig config = parse(HOSTS + "?sessionVariables=sql_mode%3D%27STRICT_ALL_TABLES%27,wait_timeout%3D60"
                + "&connectionAttributes=program_name:orders,team:core");

        assertThat(config.backendProperties())
                .containsEntry("sessionVariables", "sql_mode='STRICT_ALL_TABLES',wait_timeout=60")
                .containsEntry("connectionAttributes", "program_name:orders,team:core");
    }

    @Test
    void stripsRwsplitKeysInAnyCaseFromTheBackendProperties() {
        String message = problems(HOSTS + "?RWSPLIT.maxReplicaLag=5", new Properties());

        assertThat(message)
                .contains("RWSPLIT.maxReplicaLag: unknown setting (did you mean \"rwsplit.maxReplicaLag\"?)");
        assertThat(parse(HOSTS + "?rwsplit.noReplica=fail").backendProperties()).isEmpty();
    }

    @Test
    void handsOutACopyOfTheBackendPropertiesEveryTime() {
        Properties info = props("user", "app", "sslMode", "REQUIRED");
        DriverConfig config = parse(HOSTS, info);

        config.backendProperties().setProperty("sslMode", "DISABLED");
        info.setProperty("sslMode", "DISABLED");
        info.setProperty("rwsplit.poolMaxSize", "99");

        assertThat(config.backendProperties()).containsEntry("sslMode", "REQUIRED").hasSize(2);
        assertThat(config.poolMaxSize()).isEqualTo(10);
        assertThat(config.backendProperties()).isNotSameAs(config.backendProperties());
    }

    @Test
    void reportsOurSettingNamesWrittenWithoutThePrefix() {
        assertThat(problems(HOSTS + "?maxReplicaLag=5000&sslMode=REQUIRED")).isEqualTo(
                "rwsplit: invalid configuration (1 problem): maxReplicaLag = \"5000\": an rwsplit setting needs the "
                        + "\"rwsplit.\" prefix (did you mean \"rwsplit.maxReplicaLag\"?)");
    }

    @Test
    void buildsTheConnectorJUrlOfEachBackend() {
        DriverConfig config = parse("jdbc:rwsplit:mysql://[::1]:3307,r1/my%20db?sslMode=REQUIRED");

        assertThat(config.backendUrl(config.primary())).isEqualTo("jdbc:mysql://[::1]:3307/my%20db");
        assertThat(config.backendUrl(config.replicas().get(0))).isEqualTo("jdbc:mysql://r1:3306/my%20db");
        assertThat(parse("jdbc:rwsplit:mysql://p").backendUrl(new Endpoint("p", 3306)))
                .isEqualTo("jdbc:mysql://p:3306/");
    }

    // ---- defaults ---------------------------------------------------------------------------------------------

    @Test
    void appliesEveryDefault() {
        DriverConfig config = parse(HOSTS + "?user=app&password=pw");

        assertThat(config.clusterName()).isEqualTo("primary:3306/app");
        assertThat(config.loadBalance()).isEqualTo(LoadBalance.ROUND_ROBIN);
        assertThat(config.weights()).containsExactly(1, 1);
        assertThat(config.noReplica()).isEqualTo(NoReplicaPolicy.PRIMARY);
        assertThat(config.maxReplicaLag()).hasMillis(1000);
        assertThat(config.restoreReplicaLag()).hasMillis(500);
        assertThat(config.restoreDwell()).hasMillis(2000);
        assertThat(config.maxTransactionsBehind()).isZero();
        assertThat(config.pollInterval()).hasMillis(250);
        assertThat(config.probeTimeout()).hasMillis(1000);
        assertThat(config.lagSummaryInterval()).hasMillis(30_000);
        assertThat(config.heartbeatTable()).isEmpty();
        assertThat(config.monitorUser()).contains("app");
        assertThat(config.monitorPassword()).contains("pw");
        assertThat(config.poolMaxSize()).isEqualTo(10);
        assertThat(config.poolMinIdle()).isZero();
        assertThat(config.poolConnectionTimeout()).hasMillis(5000);
        assertThat(config.poolIdleTimeout()).hasMillis(600_000);
        assertThat(config.poolMaxLifetime()).hasMillis(1_800_000);
        assertThat(config.classifierCacheSize()).isEqualTo(10_000);
        assertThat(config.maxParseLength()).isEqualTo(65_536);
        for (Setting<?> setting : Settings.all()) {
            assertThat(config.isSet(setting)).as(setting.name()).isFalse();
        }
    }

    @Test
    void namesTheClusterAfterThePrimaryAloneWithoutADatabase() {
        assertThat(parse("jdbc:rwsplit:mysql://[::1]:3307").clusterName()).isEqualTo("[::1]:3307");
    }

    @Test
    void leavesTheMonitorCredentialsEmptyWhenNoUserIsGiven() {
        DriverConfig config = parse(HOSTS);

        assertThat(config.user()).isEmpty();
        assertThat(config.monitorUser()).isEmpty();
        assertThat(config.monitorPassword()).isEmpty();
    }

    @Test
    void usesTheMonitorCredentialsWhenGiven() {
        DriverConfig config = parse(HOSTS + "?user=app&password=pw&rwsplit.monitorUser=monitor",
                props("rwsplit.monitorPassword", "mpw"));

        assertThat(config.monitorUser()).contains("monitor");
        assertThat(config.monitorPassword()).contains("mpw");
        assertThat(config.backendProperties()).containsEntry("user", "app").doesNotContainKey("rwsplit.monitorUser");
        assertThat(config.isSet(Settings.MONITOR_USER)).isTrue();
    }

    @Test
    void readsAnySettingThroughTheGenericGetter() {
        DriverConfig config = Configs.withQuery("rwsplit.heartbeatTable=percona.heartbeat");

        assertThat(config.get(Settings.HEARTBEAT_TABLE)).isEqualTo("percona.heartbeat");
        assertThat(config.heartbeatTable()).contains("percona.heartbeat");
        assertThat(config.get(Settings.POOL_MAX_SIZE)).isEqualTo(10);
    }

    // ---- identity -----------------------------------------------------------------------------------------------

    @Test
    void givesTheSameIdentityToTheSameUrlAndUser() {
        DriverConfig a = parse(HOSTS + "?user=app&password=pw&sslMode=REQUIRED&rwsplit.maxReplicaLag=2000");
        DriverConfig b = parse(HOSTS + "?user=app&password=pw&sslMode=REQUIRED&rwsplit.maxReplicaLag=2000");

        assertThat(a.identity()).isEqualTo(b.identity()).hasSameHashCodeAs(b.identity());
        assertThat(a.identity()).hasToString(b.identity().toString());
    }

    @Test
    void givesTheSameIdentityWhateverWayTheSameValuesArrive() {
        DriverConfig fromUrl = parse(HOSTS + "?user=app&password=pw&rwsplit.maxReplicaLag=2s&sslMode=REQUIRED");
        DriverConfig fromProps = parse(HOSTS, props("user", "app", "password", "pw",
                "rwsplit.maxReplicaLag", "2000", "sslMode", "REQUIRED"));
        DriverConfig withDefault = parse(HOSTS + "?user=app&password=pw&rwsplit.maxReplicaLag=2000&sslMode=REQUIRED"
                + "&rwsplit.poolMaxSize=10");

        assertThat(fromUrl.identity()).isEqualTo(fromProps.identity()).isEqualTo(withDefault.identity());
    }

    @Test
    void givesADifferentIdentityToADifferentUser() {
        assertThat(parse(HOSTS + "?user=app").identity()).isNotEqualTo(parse(HOSTS + "?user=report").identity());
        assertThat(parse(HOSTS + "?user=app").identity()).isNotEqualTo(parse(HOSTS).identity());
    }

    @Test
    void givesADifferentIdentityToADifferentReplicaList() {
        DriverConfig three = parse(HOSTS + "?user=app");

        assertThat(three.identity())
                .isNotEqualTo(parse("jdbc:rwsplit:mysql://primary:3306,replica1:3306/app?user=app").identity())
                .isNotEqualTo(parse("jdbc:rwsplit:mysql://primary:3306,replica2:3306,replica1:3306/app?user=app")
                        .identity())
                .isNotEqualTo(parse("jdbc:rwsplit:mysql://primary:3306,replica1:3306,replica2:3307/app?user=app")
                        .identity());
    }

    @Test
    void givesADifferentIdentityToADifferentDatabaseSettingOrBackendProperty() {
        DriverConfig base = parse(HOSTS + "?user=app");

        assertThat(base.identity())
                .isNotEqualTo(parse(HOSTS.replace("/app", "/other") + "?user=app").identity())
                .isNotEqualTo(parse(HOSTS + "?user=app&rwsplit.noReplica=fail").identity())
                .isNotEqualTo(parse(HOSTS + "?user=app&sslMode=REQUIRED").identity());
    }

    @Test
    void givesADifferentIdentityToADifferentPasswordWithoutShowingEither() {
        DriverConfig right = parse(HOSTS + "?user=app&password=s3cr3t");
        DriverConfig wrong = parse(HOSTS + "?user=app&password=guess");
        DriverConfig otherMonitor = parse(HOSTS + "?user=app&password=s3cr3t&rwsplit.monitorPassword=other");

        assertThat(right.identity()).isNotEqualTo(wrong.identity()).isNotEqualTo(otherMonitor.identity());
        assertThat(right.identity()).hasToString(wrong.identity().toString());
        assertThat(right.identity().toString()).doesNotContain("s3cr3t").contains("password=<masked>");
    }

    @Test
    void showsEverythingButPasswordsInToString() {
        DriverConfig config = parse(HOSTS + "?user=app&password=s3cr3t&rwsplit.monitorPassword=s3cr3t"
                + "&trustCertificateKeyStorePassword=s3cr3t&sslMode=REQUIRED");

        assertThat(config.toString())
                .doesNotContain("s3cr3t")
                .contains("primary=primary:3306", "replicas=[replica1:3306, replica2:3306]", "database=app",
                        "user=app", "rwsplit.monitorPassword=<masked>", "password=<masked>",
                        "trustCertificateKeyStorePassword=<masked>", "sslMode=REQUIRED",
                        "rwsplit.maxReplicaLag=1000");
    }
}
