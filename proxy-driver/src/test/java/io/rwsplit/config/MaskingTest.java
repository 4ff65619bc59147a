package io.rwsplit.config;

import static io.rwsplit.config.Configs.HOSTS;
import static io.rwsplit.config.Configs.problems;
import static io.rwsplit.config.Configs.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverPropertyInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskingTest {

    private static final String SECRET = "s3cr3t";

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "rwsplit.monitorPassword", "password1", "password3",
        "trustCertificateKeyStorePassword", "clientCertificateKeyStorePassword", "xdevapi.ssl-truststore-password"})
    void treatsEveryKeyNamingAPasswordAsSecret(String key) {
        assertThat(Masking.isSecret(key)).isTrue();
        assertThat(Masking.mask(key, SECRET)).isEqualTo("<masked>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "sslMode", "rwsplit.monitorUser", "pass", "allowPublicKeyRetrieval"})
    void showsOtherKeysAsTheyAre(String key) {
        assertThat(Masking.isSecret(key)).isFalse();
        assertThat(Masking.mask(key, "v")).isEqualTo("v");
    }

    @Test
    void keepsNullsNull() {
        assertThat(Masking.isSecret(null)).isFalse();
        assertThat(Masking.mask("password", null)).isNull();
        assertThat(Masking.maskUrl(null)).isEqualTo("null");
        assertThat(Masking.mask((Properties) null)).isEqualTo("null");
        assertThat(Masking.mask((Map<String, String>) null)).isEqualTo("null");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:rwsplit:mysql://p,r/app?user=app&password=s3cr3t&sslMode=REQUIRED"
                + " | jdbc:rwsplit:mysql://p,r/app?user=app&password=<masked>&sslMode=REQUIRED",
        "jdbc:rwsplit:mysql://p/app?rwsplit.monitorPassword=s3cr3t&PASSWORD=s3cr3t"
                + " | jdbc:rwsplit:mysql://p/app?rwsplit.monitorPassword=<masked>&PASSWORD=<masked>",
        "jdbc:rwsplit:mysql://p/app?pass%77ord=s3cr3t | jdbc:rwsplit:mysql://p/app?pass%77ord=<masked>",
        "jdbc:rwsplit:mysql://p/app?password=s3#cr3t&x=1 | jdbc:rwsplit:mysql://p/app?password=<masked>&x=1",
        "jdbc:rwsplit:mysql://p/app?password= | jdbc:rwsplit:mysql://p/app?password=<masked>",
        "jdbc:rwsplit:mysql://p/app?password&user=a | jdbc:rwsplit:mysql://p/app?password&user=a",
        "jdbc:rwsplit:mysql://app:s3cr3t@p:3306/app | jdbc:rwsplit:mysql://app:<masked>@p:3306/app",
        "jdbc:mysql://p,app:s3cr3t@r/app | jdbc:mysql://p,app:<masked>@r/app",
        "jdbc:rwsplit:mysql://address=(host=p)(password=s3cr3t)(port=1)/app"
                + " | jdbc:rwsplit:mysql://address=(host=p)(password=<masked>)(port=1)/app",
        "jdbc:rwsplit:mysql://(host=p,Password=s3cr3t,port=1)/app"
                + " | jdbc:rwsplit:mysql://(host=p,Password=<masked>,port=1)/app",
        "jdbc:rwsplit:mysql://p:3306/app | jdbc:rwsplit:mysql://p:3306/app",
        "not a url ? password=s3cr3t | not a url ? password=<masked>",
    })
    void masksEveryPasswordInAUrl(String url, String masked) {
        assertThat(Masking.maskUrl(url)).isEqualTo(masked).doesNotContain(SECRET);
    }

    @Test
    void masksPropertiesSortedByKey() {
        Properties properties = props("user", "app", "password", SECRET, "rwsplit.monitorPassword", SECRET);
        properties.put("rwsplit.poolMaxSize", 5);

        assertThat(Masking.mask(properties)).isEqualTo(
                "{password=<masked>, rwsplit.monitorPassword=<masked>, rwsplit.poolMaxSize=5, user=app}");
    }

    @Test
    void masksMapsInTheirOwnOrder() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("user", "app");
        map.put("Password", SECRET);

        assertThat(Masking.mask(map)).isEqualTo("{user=app, Password=<masked>}");
    }

    @Test
    void neverShowsAPasswordInAnyMessage() {
        String url = HOSTS + "?user=app&password=s3cr3t&rwsplit.monitorPassword=s3cr3t&rwsplit.pollInterval=1";
        Properties info = props("password1", SECRET, "monitorPassword", SECRET, "rwsplit.monitorPasswort", SECRET,
                "rwsplit.monitorPassword", "");

        String message = problems(url, info);

        assertThat(message).doesNotContain(SECRET)
                .contains("monitorPassword = <masked>: an rwsplit setting needs the \"rwsplit.\" prefix")
                .contains("rwsplit.monitorPasswort: unknown setting (did you mean \"rwsplit.monitorPassword\"?)")
                .contains("rwsplit.pollInterval = \"1\": must be between 100 and 3600000 ms");
    }

    @Test
    void neverShowsAPasswordInAMalformedUrlMessage() {
        assertThat(problems("jdbc:rwsplit:mysql://p:x,,app:s3cr3t@r/app?password=s3cr3t&pass%77ord=%zz"))
                .doesNotContain(SECRET);
        assertThat(problems("jdbc:mysql://app:s3cr3t@p/app?password=s3cr3t")).doesNotContain(SECRET);
    }

    @Test
    void neverShowsAPasswordInToStringOrPropertyInfo() {
        String url = HOSTS + "?user=app&password=s3cr3t&rwsplit.monitorPassword=s3cr3t";
        DriverConfig config = Configs.parse(url, props("password2", SECRET));

        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.identity().toString()).doesNotContain(SECRET);
        for (DriverPropertyInfo info : DriverConfig.propertyInfo(url, props("password2", SECRET))) {
            assertThat(info.value).as(info.name).isNotEqualTo(SECRET);
            assertThat(info.description).doesNotContain(SECRET);
        }
        assertThat(config.monitorPassword()).contains(SECRET);
        assertThat(config.backendProperties()).containsEntry("password", SECRET).containsEntry("password2", SECRET);
    }
}
