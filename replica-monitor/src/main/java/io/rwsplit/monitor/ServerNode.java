package io.rwsplit.monitor;

/**
 * One server the monitor watches, whatever its role: its probe and what the monitor remembers of it. Fields other
 * than {@code inFlight} are guarded by the monitor's lock.
 */
final class ServerNode {

    final Endpoint endpoint;
    final boolean seed;
    final ServerProbe probe;
    volatile boolean inFlight;
    /** Its running probe started before the primary's position was known and is ignored: probe it again at once. */
    boolean probeAgain;
    long probeSeq;
    long timedOutSeq = -1;
    long ignoreStartedBeforeNanos = Long.MIN_VALUE;
    /** The replica health tracking; null until first judged (and then it serves at once if healthy). */
    HealthPolicy.Tracking tracking;
    /** Its status as a replica, shown while it is not the primary. */
    ReplicaStatus status;
    /** The last finished probe, failed ones included; null before the first. */
    ServerProbe.Sample last;
    /** Its server id from its last successful probe; 0 until known. */
    long serverId;
    /** Consecutive primary listings that did not name it (discovered servers only). */
    int missedListings;
    boolean removed;

    ServerNode(Endpoint endpoint, boolean seed, ServerProbe probe, ReplicaStatus status) {
        this.endpoint = endpoint;
        this.seed = seed;
        this.probe = probe;
        this.status = status;
    }

    PrimaryResolver.View view() {
        if (last == null) {
            return PrimaryResolver.View.notProbed(endpoint);
        }
        if (last.failed()) {
            return PrimaryResolver.View.unreachable(endpoint, serverId);
        }
        return PrimaryResolver.View.of(endpoint, last.serverId(), last.readOnly(), last.row());
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
