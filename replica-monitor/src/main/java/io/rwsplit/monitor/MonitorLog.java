package io.rwsplit.monitor;

import java.util.StringJoiner;

/** The text of the monitor's log lines, apart from logging itself so the wording is tested. */
final class MonitorLog {

    private MonitorLog() {
    }

    /**
     * The line for a change of state or of serving, without the cluster prefix.
     *
     * @param first       whether this is the replica's first observation since start
     * @param dwellMillis how long it has been healthy under the restore lag (when it returns to serving)
     */
    static String stateChange(ReplicaStatus previous, ReplicaStatus current, boolean first, ReplicaSnapshot snapshot,
                              HealthPolicy policy, long dwellMillis) {
        String pool = "; reads use " + snapshot.serving().size() + "/" + snapshot.replicas().size() + " replicas";
        String replica = "replica " + current.endpoint();
        if (current.serving() && !previous.serving() && !first) {
            return replica + " serving reads again after " + dwellMillis + "ms under restoreLag="
                    + policy.restoreLagMillis() + "ms" + pool;
        }
        if (current.state() == ReplicaState.HEALTHY && !current.serving()) {
            return replica + " HEALTHY: " + current.reason() + "; serving reads again once its lag stays <= "
                    + policy.restoreLagMillis() + "ms for " + policy.restoreDwellMillis() + "ms" + pool;
        }
        return replica + " " + current.state() + ": " + current.reason() + pool;
    }

    /** The periodic one-line lag summary, without the cluster prefix. */
    static String summary(ReplicaSnapshot snapshot) {
        String primary = snapshot.primary() != null ? "primary " + snapshot.primary()
                : "no primary (" + snapshot.primaryProblem() + ")";
        StringJoiner line = new StringJoiner(", ", primary + "; replica lag: ", "");
        if (snapshot.replicas().isEmpty()) {
            line.add("no replicas");
        }
        for (ReplicaStatus status : snapshot.replicas()) {
            StringBuilder entry = new StringBuilder().append(status.endpoint()).append(' ').append(status.state());
            if (status.state() != ReplicaState.DOWN) {
                entry.append(' ').append(status.lagKnown() ? status.lagMillis() + "ms" : "lag unknown");
                if (status.transactionsBehind() > 0) {
                    entry.append(" (").append(status.transactionsBehind()).append(" trx)");
                }
            }
            if (status.state() == ReplicaState.HEALTHY && !status.serving()) {
                entry.append(" not serving yet");
            }
            line.add(entry);
        }
        return line.toString();
    }

    /** The per-probe DEBUG line, without the cluster prefix. */
    static String probeDetail(ReplicaStatus status, ReplicationRow row, LagEstimate lag) {
        StringBuilder line = new StringBuilder("probe ").append(status.endpoint()).append(": ")
                .append(status.state()).append(status.serving() ? " serving" : " not serving");
        if (row != null) {
            line.append(", lag ").append(lag).append(", trx behind ").append(status.transactionsBehind())
                    .append(", io=").append(row.ioRunning()).append(" sql=").append(row.sqlRunning())
                    .append(", position ").append(Texts.cut(String.valueOf(status.position()), 120));
        } else {
            line.append(", ").append(status.reason());
        }
        return line.append(", probe ").append(status.probeMicros()).append("us").toString();
    }
}
