package io.rwsplit.samples.demo;

import io.rwsplit.ClusterStatus;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.testkit.ReplicaDelay;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * A cluster that already runs, such as the one {@code docker compose up} starts, named by environment variables.
 * The demo delays one of its replicas only with an administrator's password, and always removes the delay again.
 */
final class ExistingDemoCluster implements DemoCluster {

    static final String URL = "RWSPLIT_URL";
    static final String USER = "RWSPLIT_USER";
    static final String PASSWORD = "RWSPLIT_PASSWORD";
    static final String ADMIN_USER = "RWSPLIT_ADMIN_USER";
    static final String ADMIN_PASSWORD = "RWSPLIT_ADMIN_PASSWORD";

    private static final String PREFIX = "jdbc:rwsplit:mysql://";
    private static final Duration POLL = Duration.ofMillis(100);

    private final String url;
    private final String user;
    private final String password;
    private final String adminUser;
    private final String adminPassword;

    private ExistingDemoCluster(String url, String user, String password, String adminUser, String adminPassword) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /**
     * Reads {@code RWSPLIT_URL} (required), {@code RWSPLIT_USER} and {@code RWSPLIT_PASSWORD} (the app's account,
     * unless the URL carries it), {@code RWSPLIT_ADMIN_USER} (default root) and {@code RWSPLIT_ADMIN_PASSWORD}.
     */
    static ExistingDemoCluster of(Map<String, String> environment) {
        String url = environment.get(URL).strip();
        if (!url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
            throw new IllegalArgumentException(URL + " must be a URL of the form " + PREFIX
                    + "primary:port,replica:port,.../schema, was one starting with '"
                    + url.substring(0, Math.min(url.length(), PREFIX.length())) + "'");
        }
        return new ExistingDemoCluster(withDemoDefaults(url), environment.get(USER), environment.get(PASSWORD),
                environment.getOrDefault(ADMIN_USER, "root"), environment.get(ADMIN_PASSWORD));
    }

    /** Names the cluster in the log lines and asks for a lag summary, unless the URL says otherwise. */
    private static String withDemoDefaults(String url) {
        StringBuilder result = new StringBuilder(url);
        for (String setting : new String[] {"rwsplit.clusterName=shop-db", "rwsplit.lagSummaryInterval=5s"}) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            if (!url.contains(key)) {
                result.append(result.indexOf("?") < 0 ? '?' : '&').append(setting);
            }
        }
        return result.toString();
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    /** Waits for a monitor round, begun after this call, that sees every replica serving and none behind. */
    @Override
    public void awaitCaughtUp(StatusSource status, Duration timeout)
            throws InterruptedException, SQLException {
        Instant asked = Instant.now();
        Instant deadline = asked.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (status.get().replicas().stream().allMatch(replica -> caughtUpSince(replica, asked))) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static boolean caughtUpSince(ReplicaStatus replica, Instant asked) {
        return replica.observedAt().isAfter(asked) && replica.serving() && replica.transactionsBehind() <= 0;
    }

    @Override
    public String whyNoDelay() {
        return adminPassword == null
                ? "set " + ADMIN_PASSWORD + " (and " + ADMIN_USER + " if not root) to see a replica delayed" : null;
    }

    @Override
    public void setDelay(Endpoint replica, int seconds) throws SQLException {
        Properties account = new Properties();
        account.setProperty("user", adminUser);
        account.setProperty("password", adminPassword);
        account.setProperty("connectTimeout", "5000");
        account.setProperty("socketTimeout", "30000");
        // MySQL 8's default authentication needs the server's key when the connection is not encrypted.
        account.setProperty("allowPublicKeyRetrieval", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + replica + "/", account)) {
            ReplicaDelay.set(connection, seconds);
        }
    }

    @Override
    public void close() {
        // Not ours: it keeps running.
    }
}
