package io.rwsplit.routing;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import java.time.Duration;

/**
 * Which replica one logical connection reads from: the one the balancer picked for it, until the rebalance interval
 * has passed or that replica is no longer a candidate (it left the read pool, or a read-your-writes read needs one
 * that has applied a write); then the balancer picks again. Staying a while gives the connection monotonic reads,
 * one read-your-writes wait per write instead of one per replica, and warm server caches; picking again keeps a
 * connection that lives for hours in the app's pool from staying on one replica for good. One per logical
 * connection, so not thread-safe.
 */
public final class ReplicaAffinity {

    private final ReplicaBalancer balancer;
    private final long intervalNanos;
    private Endpoint current;
    private long pickedAtNanos;
    /** {@link #next} named {@code current}: the next {@link #pick} returns it, whatever the interval. */
    private boolean promised;

    /** @param interval how long a pick holds; zero picks again for every statement */
    public ReplicaAffinity(ReplicaBalancer balancer, Duration interval) {
        this.balancer = balancer;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * @param candidates the replicas this read may use: those that serve in it
     * @param nowNanos   {@link System#nanoTime()}
     * @return the replica to read from, or null when no candidate serves
     */
    public Endpoint pick(ReplicaSnapshot candidates, long nowNanos) {
        boolean keep = promised || nowNanos - pickedAtNanos < intervalNanos;
        promised = false;
        if (current != null && keep && candidates.isServing(current)) {
            return current;
        }
        current = balancer.pick(candidates);
        pickedAtNanos = nowNanos;
        return current;
    }

    /**
     * The replica the next read will use if it still serves then: the one picked, or a new pick made now and kept for
     * that read. Asking does not move the connection on, even with a zero interval, so read-your-writes can learn
     * about the very replica the read goes to (and the balancer's turns are not spent on asking).
     *
     * @return null when no replica serves
     */
    public Endpoint next(ReplicaSnapshot snapshot, long nowNanos) {
        Endpoint next = pick(snapshot, nowNanos);
        promised = next != null;
        return next;
    }

    /** The replica could not give a connection: the next read picks again. */
    public void forget(Endpoint endpoint) {
        if (endpoint.equals(current)) {
            current = null;
            promised = false;
        }
    }
}
