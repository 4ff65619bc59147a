package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Arrays;
import java.util.Properties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The driver as DriverManager and tools see it, with no server needed. */
class RwSplitDriverTest {

    private static final String HOSTS = "127.0.0.1:1,127.0.0.1:2";

    private final RwSplitDriver driver = new RwSplitDriver();

    @Test
    void leavesOtherDriversUrlsToThem() throws SQLException {
        assertThat(driver.connect("jdbc:mysql://127.0.0.1:1/app", new Properties())).isNull();
        assertThat(driver.connect("jdbc:mysql:replication://" + HOSTS + "/app", null)).isNull();
        assertThat(driver.acceptsURL("jdbc:mysql://127.0.0.1:1/app")).isFalse();
        assertThat(driver.acceptsURL("jdbc:mariadb://127.0.0.1:1/app")).isFalse();
        assertThat(driver.acceptsURL(null)).isFalse();
    }

    @Test
    void acceptsRwsplitUrls() {
        assertThat(driver.acceptsURL("jdbc:rwsplit:mysql://" + HOSTS + "/app")).isTrue();
        assertThat(driver.acceptsURL("jdbc:rwsplit:mysql://127.0.0.1:1/app?rwsplit.maxReplicaLag=5s")).isTrue();
    }

    @Test
    void isRegisteredWithDriverManager() throws SQLException {
        Driver registered = DriverManager.getDriver("jdbc:rwsplit:mysql://" + HOSTS + "/app");
        assertThat(registered).isInstanceOf(RwSplitDriver.class);
    }

    @Test
    void listsItsSettingsInPropertyInfo() {
        DriverPropertyInfo[] infos = driver.getPropertyInfo("jdbc:rwsplit:mysql://" + HOSTS
                + "/app?rwsplit.maxReplicaLag=2500", null);
        DriverPropertyInfo maxLag = Arrays.stream(infos).filter(info -> info.name.equals("rwsplit.maxReplicaLag"))
                .findFirst().orElseThrow();
        assertThat(maxLag.description).isNotBlank();
        assertThat(maxLag.value).contains("2500");
        DriverPropertyInfo loadBalance = Arrays.stream(infos)
                .filter(info -> info.name.equals("rwsplit.loadBalance")).findFirst().orElseThrow();
        assertThat(loadBalance.choices).contains("round-robin", "random");
    }

    @Test
    void rejectsABadSettingNamingTheKeyAndTheAcceptedValuesWithoutThePassword() {
        String url = "jdbc:rwsplit:mysql://" + HOSTS + "/app?user=app&password=s3cr3t&rwsplit.loadBalance=round_robbin";
        SQLException viaDriver = invalidConfiguration(() -> driver.connect(url, null));
        SQLException viaDriverManager = invalidConfiguration(() -> DriverManager.getConnection(url));
        for (SQLException invalid : Arrays.asList(viaDriver, viaDriverManager)) {
            assertThat(invalid.getSQLState()).isEqualTo("08001");
            assertThat(invalid.getMessage()).contains("rwsplit.loadBalance", "round_robbin", "round-robin", "random",
                    "weighted", "least-connections").doesNotContain("s3cr3t");
            assertThat(String.valueOf(invalid)).doesNotContain("s3cr3t");
        }
    }

    @Test
    void neverShowsAPasswordGivenAsPropertyInTheError() {
        Properties info = new Properties();
        info.setProperty("user", "app");
        info.setProperty("password", "s3cr3t");
        info.setProperty("rwsplit.monitorPassword", "m0n1t0r");
        info.setProperty("rwsplit.maxReplicaLag", "-5");
        String url = "jdbc:rwsplit:mysql://" + HOSTS + "/app";
        SQLException invalid = invalidConfiguration(() -> driver.connect(url, info));
        assertThat(invalid.getSQLState()).isEqualTo("08001");
        assertThat(invalid.getMessage()).contains("rwsplit.maxReplicaLag").doesNotContain("s3cr3t", "m0n1t0r");
    }

    private static SQLException invalidConfiguration(ThrowingCallable connect) {
        Throwable thrown = catchThrowable(connect);
        assertThat(thrown).isInstanceOf(SQLNonTransientConnectionException.class);
        return (SQLException) thrown;
    }
}
