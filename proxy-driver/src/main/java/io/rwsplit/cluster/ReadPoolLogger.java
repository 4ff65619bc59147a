package io.rwsplit.cluster;

import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStateListener;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.routing.NoReplicaPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says once, not per statement, when reads move to the primary because no replica serves, and when they return. */
final class ReadPoolLogger implements ReplicaStateListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReadPoolLogger.class);

    private final String clusterName;
    private final NoReplicaPolicy policy;
    private boolean empty;

    ReadPoolLogger(String clusterName, NoReplicaPolicy policy) {
        this.clusterName = clusterName;
        this.policy = policy;
    }

    @Override
    public synchronized void onChange(ReplicaStatus previous, ReplicaStatus current, ReplicaSnapshot snapshot) {
        boolean nowEmpty = snapshot.serving().isEmpty() && !snapshot.replicas().isEmpty();
        if (nowEmpty && !empty) {
            if (policy == NoReplicaPolicy.PRIMARY) {
                LOG.warn("{} - no replica serves reads: reads go to the primary until one returns", clusterName);
            } else {
                LOG.warn("{} - no replica serves reads: reads fail (rwsplit.noReplica=fail) until one returns",
                        clusterName);
            }
        } else if (!nowEmpty && empty) {
            LOG.info("{} - reads go to replicas again ({} serving)", clusterName, snapshot.serving().size());
        }
        empty = nowEmpty;
    }
}
