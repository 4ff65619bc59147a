package io.rwsplit.monitor;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The monitor's belief about the topology: the current primary (or why there is none), the last known primary and
 * what is measured against it, and the names found to be aliases of known servers. Judges a non-primary server as a
 * replica of the primary. Not thread-safe: the monitor uses it under its lock.
 */
final class Topology {

    /** A discovered server the primary has not listed in this many consecutive probes leaves. */
    static final int MISSED_LISTINGS_TO_LEAVE = 3;

    /**
     * A change of the primary.
     *
     * @param previous the primary before; null when none was known
     * @param current  the primary now; null when none is known
     * @param reason   the states of the servers involved, for listeners
     * @param line     the log line, without the cluster prefix
     */
    record Change(Endpoint previous, Endpoint current, String reason, String line) {
    }

    /** A replica's verdict with the lag and transactions behind it rests on. */
    record Judgement(HealthPolicy.Verdict verdict, LagEstimate lag, long behind) {
    }

    private final Supplier<PrimaryState> freshState;
    private final Set<String> aliases = new HashSet<>();
    private Endpoint primary;
    private Endpoint lastPrimary;
    private String problem = "no server probed yet";
    private PrimaryState primaryState;
    private long comparableSinceNanos = Long.MIN_VALUE;
    private boolean announced;

    Topology(Supplier<PrimaryState> freshState) {
        this.freshState = freshState;
    }

    /** The current primary; null when none is known. */
    Endpoint primary() {
        return primary;
    }

    /** Why no primary is known; meaningful while {@link #primary()} is null. */
    String problem() {
        return problem;
    }

    /** What is measured against the current or, while none is known, the last known primary; null before any. */
    PrimaryState primaryState() {
        return primaryState;
    }

    /**
     * Resolves the primary from the servers' views; returns the change, or null when the primary stays (the problem
     * text may still be updated). The first resolution is always a change, so that it is logged.
     *
     * @param lastSample each server's last sample (null when none), to start measuring against a new primary
     */
    Change resolve(List<PrimaryResolver.View> views, Function<Endpoint, ServerProbe.Sample> lastSample,
                   long nowNanos) {
        PrimaryResolver.Outcome outcome = PrimaryResolver.resolve(views, primary);
        Endpoint previous = primary;
        if (Objects.equals(outcome.primary(), previous) && announced) {
            if (outcome.primary() == null) {
                problem = outcome.problem();
            }
            return null;
        }
        announced = true;
        primary = outcome.primary();
        problem = outcome.problem();
        String reason = PrimaryResolver.changeReason(views, previous, primary);
        String was = " (was " + (previous != null ? previous.toString() : "none") + ")";
        if (primary == null) {
            return new Change(previous, null, problem, "no primary" + was + ": " + problem);
        }
        if (!primary.equals(lastPrimary)) {
            PrimaryState fresh = freshState.get();
            primaryState = primaryState == null ? fresh : primaryState.forNewPrimary(fresh);
            comparableSinceNanos = nowNanos;
            ServerProbe.Sample seed = lastSample.apply(primary);
            if (seed != null && !seed.failed()) {
                primaryState.recordSuccess(seed.position(), seed.readNanos(), seed.clockMicros(), false);
                comparableSinceNanos = seed.readNanos();
            }
        }
        lastPrimary = primary;
        return new Change(previous, primary, reason, "primary is now " + primary + was + ": " + reason);
    }

    /**
     * Whether a probe that started at {@code startNanos} compares with the primary's known positions: not when it
     * started before the new primary's first position was read.
     */
    boolean comparable(long startNanos) {
        return primary == null || startNanos >= comparableSinceNanos;
    }

    /**
     * The verdict on a server that is not the primary: a replica of the primary (or, while none is known, of any
     * known server, against the last known primary) is judged by the policy; a server replicating from elsewhere is STOPPED; a writable server
     * that does not replicate is BROKEN: a second primary.
     */
    Judgement judge(PrimaryResolver.View server, List<PrimaryResolver.View> views, HealthPolicy policy,
                    long readNanos, Long heartbeatMicros) {
        ReplicationRow row = server.row();
        if (server.candidate()) {
            return new Judgement(new HealthPolicy.Verdict(ReplicaState.BROKEN, "writable and not replicating: a "
                    + "second primary", null), LagEstimate.unknown("not a replica"), -1);
        }
        if (!row.configured()) {
            LagEstimate none = LagEstimate.unknown("not a replica");
            return new Judgement(policy.classify(row, none, -1), none, -1);
        }
        Endpoint reference = primary != null ? primary : lastPrimary;
        Endpoint source = PrimaryResolver.sourceOf(server, views);
        // While no primary is known (a switchover re-points replicas before the new primary is writable), a replica
        // of any known server is judged against the last known primary: GTID positions compare across servers.
        if (primary != null && !primary.equals(source) || primary == null && reference != null && source == null) {
            return new Judgement(new HealthPolicy.Verdict(ReplicaState.STOPPED, "replicates from "
                    + PrimaryResolver.describeSource(server, views) + ", not from the "
                    + (primary != null ? "primary " : "last known primary ") + reference, null),
                    LagEstimate.unknown("replicates from another server"), -1);
        }
        if (reference == null) {
            LagEstimate unknown = LagEstimate.unknown("no primary known");
            return new Judgement(policy.classify(row, unknown, -1), unknown, -1);
        }
        LagEstimate lag = primaryState.lag(row, readNanos, heartbeatMicros);
        long behind = primaryState.transactionsBehind(row, readNanos);
        return new Judgement(policy.classify(row, lag, behind), lag, behind);
    }

    /** Remembers that this name is another name of a known server, so discovery does not add it again. */
    void alias(Endpoint endpoint) {
        aliases.add(key(endpoint));
    }

    boolean isAlias(Endpoint endpoint) {
        return aliases.contains(key(endpoint));
    }

    private static String key(Endpoint endpoint) {
        return endpoint.host().toLowerCase(Locale.ROOT) + ":" + endpoint.port();
    }
}
