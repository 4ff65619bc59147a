package io.rwsplit.config;

import static io.rwsplit.config.Configs.HOSTS;
import static io.rwsplit.config.Configs.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverPropertyInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PropertyInfoTest {

    private static Map<String, DriverPropertyInfo> infoOf(String url, Properties info) {
        return Arrays.stream(DriverConfig.propertyInfo(url, info))
                .collect(Collectors.toMap(p -> p.name, Function.identity()));
    }

    @Test
    void listsEverySettingInCatalogOrder() {
        DriverPropertyInfo[] infos = DriverConfig.propertyInfo(HOSTS, new Properties());

        assertThat(Arrays.stream(infos).map(p -> p.name)).containsExactlyElementsOf(Settings.names());
        for (DriverPropertyInfo info : infos) {
            assertThat(info.required).as(info.name).isFalse();
            assertThat(info.description).as(info.name).isNotBlank().contains("Default: ");
        }
    }

    @Test
    void describesEachSettingWithItsRangeAndDefault() {
        Map<String, DriverPropertyInfo> infos = infoOf(HOSTS, new Properties());

        assertThat(infos.get("rwsplit.pollInterval").description).isEqualTo(
                "How often each replica's lag is measured. Allowed: between 100 and 3600000 ms. Default: 250 ms.");
        assertThat(infos.get("rwsplit.restoreReplicaLag").description).endsWith(
                "Default: half of rwsplit.maxReplicaLag.");
    }

    @Test
    void offersTheChoicesOfEnumSettings() {
        Map<String, DriverPropertyInfo> infos = infoOf(HOSTS, new Properties());

        assertThat(infos.get("rwsplit.loadBalance").choices)
                .containsExactly("round-robin", "random", "weighted", "least-connections", "lowest-lag");
        assertThat(infos.get("rwsplit.noReplica").choices).containsExactly("primary", "fail");
        assertThat(infos.get("rwsplit.maxReplicaLag").choices).isNull();
    }

    @Test
    void showsTheCurrentValuesFromUrlAndPropertiesWithDefaultsForTheRest() {
        Map<String, DriverPropertyInfo> infos = infoOf(HOSTS + "?user=app&rwsplit.maxReplicaLag=2s",
                props("rwsplit.loadBalance", "random", "rwsplit.maxReplicaLag", "3s"));

        assertThat(infos.get("rwsplit.maxReplicaLag").value).isEqualTo("3000");
        assertThat(infos.get("rwsplit.restoreReplicaLag").value).isEqualTo("1500");
        assertThat(infos.get("rwsplit.loadBalance").value).isEqualTo("random");
        assertThat(infos.get("rwsplit.clusterName").value).isEqualTo("primary:3306/app");
        assertThat(infos.get("rwsplit.monitorUser").value).isEqualTo("app");
        assertThat(infos.get("rwsplit.weights").value).isEqualTo("1,1");
        assertThat(infos.get("rwsplit.pollInterval").value).isEqualTo("250");
        assertThat(infos.get("rwsplit.heartbeatTable").value).isEmpty();
    }

    @Test
    void showsTheGivenValuesOfAnInvalidConfigurationWithoutThrowing() {
        Map<String, DriverPropertyInfo> infos = infoOf(HOSTS + "?rwsplit.pollInterval=5&rwsplit.bogus=1",
                props("rwsplit.noReplica", "fail"));

        assertThat(infos.get("rwsplit.pollInterval").value).isEqualTo("5");
        assertThat(infos.get("rwsplit.noReplica").value).isEqualTo("fail");
        assertThat(infos.get("rwsplit.maxReplicaLag").value).isEqualTo("1000");
        assertThat(infos.get("rwsplit.clusterName").value).isNull();
    }

    @Test
    void listsDefaultsForAForeignOrMissingUrl() {
        for (String url : new String[] {null, "", "jdbc:mysql://p/app", "jdbc:rwsplit:mysql://"}) {
            Map<String, DriverPropertyInfo> infos = infoOf(url, null);

            assertThat(infos).hasSize(Settings.all().size());
            assertThat(infos.get("rwsplit.poolMaxSize").value).isEqualTo("10");
        }
    }

    @Test
    void masksTheMonitorPassword() {
        Map<String, DriverPropertyInfo> valid = infoOf(HOSTS + "?password=s3cr3t", new Properties());
        Map<String, DriverPropertyInfo> invalid = infoOf(HOSTS + "?rwsplit.monitorPassword=s3cr3t&rwsplit.x=1", null);
        Map<String, DriverPropertyInfo> unset = infoOf(HOSTS, null);

        assertThat(valid.get("rwsplit.monitorPassword").value).isEqualTo("<masked>");
        assertThat(invalid.get("rwsplit.monitorPassword").value).isEqualTo("<masked>");
        assertThat(unset.get("rwsplit.monitorPassword").value).isNull();
    }
}
