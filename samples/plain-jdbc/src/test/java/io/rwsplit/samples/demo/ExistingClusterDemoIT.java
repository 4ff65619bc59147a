package io.rwsplit.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.Flavor;
import io.rwsplit.testkit.ReplicationCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo against a cluster that already runs, as with {@code docker compose up}: here a testkit cluster that the
 * demo knows only by the environment a user would set.
 */
class ExistingClusterDemoIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicationCluster.builder().name("demo-existing-it").replicas(2).start();
    }

    @Test
    void splitsTheShopsReadsDelaysTheLastReplicaAndRemovesTheDelayAtTheEnd() throws Exception {
        ClusterNode delayed = cluster.replica(1);
        String output = runDemo(environment(true), Duration.ofSeconds(12));

        assertThat(output)
                .contains(">>> injecting a 3 s replication delay on " + delayed.hostAndPort())
                .contains(">>> removing the delay on " + delayed.hostAndPort())
                .containsPattern(Pattern.quote(delayed.hostAndPort()) + " LAGGING lag=\\d+ms \\(out\\)")
                .containsPattern("App operations: [1-9]\\d* in 12 s \\(0 failed\\)")
                .containsPattern("\\| " + Pattern.quote(cluster.replica(0).hostAndPort()) + " \\| replica \\| [1-9]")
                .doesNotContain(cluster.monitor().password(), cluster.app().password(), cluster.root().password());
        assertThat(replicationStatus(delayed, "SQL_Delay")).isEqualTo("0");
        assertThat(replicationStatus(delayed, cluster.flavor() == Flavor.MARIADB
                ? "Slave_SQL_Running" : "Replica_SQL_Running")).isEqualTo("Yes");
    }

    @Test
    void withoutAnAdministratorPasswordItRunsAndDelaysNothing() throws Exception {
        String output = runDemo(environment(false), Duration.ofSeconds(6));

        assertThat(output)
                .contains("No replica will be delayed: set RWSPLIT_ADMIN_PASSWORD")
                .doesNotContain(">>> injecting")
                .containsPattern("App operations: [1-9]\\d* in 6 s \\(0 failed\\)");
    }

    @Test
    void refusesAUrlOfAnotherDriverAndSaysTheFormItTakes() {
        Map<String, String> environment = environment(true);
        environment.put(ExistingDemoCluster.URL, "jdbc:mysql://localhost:3306/app?password=secret-in-url");

        assertThatThrownBy(() -> DemoCluster.choose(environment, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:rwsplit:mysql://primary:port,replica:port,.../schema")
                .hasMessageNotContaining("secret-in-url");
    }

    private static Map<String, String> environment(boolean withAdministrator) {
        Map<String, String> environment = new HashMap<>();
        environment.put(ExistingDemoCluster.URL, "jdbc:rwsplit:mysql://" + cluster.hostList() + "/" + cluster.schema()
                + "?rwsplit.monitorUser=" + cluster.monitor().user()
                + "&rwsplit.monitorPassword=" + cluster.monitor().password());
        environment.put(ExistingDemoCluster.USER, cluster.app().user());
        environment.put(ExistingDemoCluster.PASSWORD, cluster.app().password());
        if (withAdministrator) {
            environment.put(ExistingDemoCluster.ADMIN_USER, cluster.root().user());
            environment.put(ExistingDemoCluster.ADMIN_PASSWORD, cluster.root().password());
        }
        return environment;
    }

    private static String runDemo(Map<String, String> environment, Duration length) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (DemoCluster existing = DemoCluster.choose(environment, out)) {
            new Demo(existing, out).run(length);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        return output;
    }

    private static String replicationStatus(ClusterNode replica, String column) throws Exception {
        try (Connection connection = cluster.connectAsRoot(replica); Statement statement = connection.createStatement();
             ResultSet status = statement.executeQuery(
                     cluster.flavor() == Flavor.MARIADB ? "SHOW SLAVE STATUS" : "SHOW REPLICA STATUS")) {
            assertThat(status.next()).as("%s replicates", replica).isTrue();
            return status.getString(column);
        }
    }
}
