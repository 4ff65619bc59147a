package io.rwsplit;

import io.rwsplit.testkit.ReplicationCluster;

/** rwsplit URLs for a test cluster: the app's credentials, the monitor's own user, fast polling. */
final class ClusterUrls {

    private ClusterUrls() {
    }

    /** A URL with the app's credentials in it, plus {@code extra} query parameters (each starting with '&'). */
    static String withCredentials(ReplicationCluster cluster, String clusterName, String extra) {
        return withoutCredentials(cluster, clusterName, "&user=" + cluster.app().user()
                + "&password=" + cluster.app().password() + extra);
    }

    /** A URL without the app's credentials: they come as DriverManager arguments or pool settings. */
    static String withoutCredentials(ReplicationCluster cluster, String clusterName, String extra) {
        return "jdbc:rwsplit:mysql://" + cluster.hostList() + "/" + cluster.schema()
                + "?rwsplit.clusterName=" + clusterName + "&rwsplit.pollInterval=100"
                + "&rwsplit.monitorUser=" + cluster.monitor().user()
                + "&rwsplit.monitorPassword=" + cluster.monitor().password() + extra;
    }
}
