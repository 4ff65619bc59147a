package io.rwsplit.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Decides which server is the one primary from what each server says of itself. Pure: no I/O, no time, no logging.
 *
 * <p>A candidate is a reachable server that is writable ({@code read_only} OFF) and not replicating (no status row,
 * or both threads stopped). Exactly one candidate is the primary. The current primary stays the primary while it is
 * merely unreachable and no other server is a candidate: a restart or a slow moment is not a change. Two or more
 * candidates are a split brain: no primary. No candidate, with the current primary answering (read-only or
 * replicating: a switchover) or no current primary at all: no primary.
 */
final class PrimaryResolver {

    /**
     * What the resolver knows of one server.
     *
     * @param endpoint  the server
     * @param probed    whether it has been probed at all
     * @param reachable whether its last probe succeeded
     * @param serverId  its server id from its last successful probe; 0 when never known
     * @param readOnly  its {@code read_only} at the last successful probe
     * @param row       its replication status at the last successful probe; null when never known
     */
    record View(Endpoint endpoint, boolean probed, boolean reachable, long serverId, boolean readOnly,
                ReplicationRow row) {

        static View notProbed(Endpoint endpoint) {
            return new View(endpoint, false, false, 0, false, null);
        }

        static View unreachable(Endpoint endpoint, long serverId) {
            return new View(endpoint, true, false, serverId, false, null);
        }

        static View of(Endpoint endpoint, long serverId, boolean readOnly, ReplicationRow row) {
            return new View(endpoint, true, true, serverId, readOnly, row);
        }

        boolean candidate() {
            return reachable && !readOnly && !row.replicating();
        }
    }

    /**
     * The resolution: the one primary, or why there is none.
     *
     * @param primary null when there is none
     * @param problem why there is none; null when {@code primary} is known
     */
    record Outcome(Endpoint primary, String problem) {
    }

    private PrimaryResolver() {
    }

    static Outcome resolve(List<View> servers, Endpoint current) {
        List<Endpoint> candidates = new ArrayList<>(2);
        View currentView = null;
        for (View server : servers) {
            if (server.candidate()) {
                candidates.add(server.endpoint());
            }
            if (server.endpoint().equals(current)) {
                currentView = server;
            }
        }
        if (candidates.size() == 1) {
            return new Outcome(candidates.get(0), null);
        }
        if (candidates.size() > 1) {
            StringJoiner names = new StringJoiner(", ");
            candidates.forEach(endpoint -> names.add(endpoint.toString()));
            return new Outcome(null, candidates.size() + " writable servers: " + names
                    + "; writes are refused until one is left");
        }
        if (currentView != null && !currentView.reachable()) {
            return new Outcome(current, null);
        }
        return new Outcome(null, "no writable server: " + states(servers));
    }

    /** Each server's state, e.g. {@code a:1 read-only, b:2 unreachable}; "no server" for none. */
    static String states(List<View> servers) {
        if (servers.isEmpty()) {
            return "no server";
        }
        StringJoiner text = new StringJoiner(", ");
        for (View server : servers) {
            text.add(server.endpoint() + " " + state(server));
        }
        return text.toString();
    }

    /** The states of the servers a change is about (the previous and the new primary; every server for none). */
    static String changeReason(List<View> servers, Endpoint previous, Endpoint current) {
        if (current == null) {
            return states(servers);
        }
        List<View> involved = new ArrayList<>(2);
        for (View server : servers) {
            if (server.endpoint().equals(previous) || server.endpoint().equals(current)) {
                involved.add(server);
            }
        }
        return states(involved);
    }

    /** One server's state in a few words: {@code read-only}, {@code writable and not replicating}... */
    static String state(View server) {
        if (!server.probed()) {
            return "not probed yet";
        }
        if (!server.reachable()) {
            return "unreachable";
        }
        ReplicationRow row = server.row();
        String access = server.readOnly() ? "read-only" : "writable";
        if (row.replicating()) {
            return access + ", replicating from " + sourceText(row);
        }
        return server.readOnly() ? (row.configured() ? "read-only, replication stopped" : "read-only")
                : "writable and not replicating";
    }

    private static String sourceText(ReplicationRow row) {
        Endpoint source = row.source();
        return source != null ? source.toString() : "an unknown source";
    }

    /**
     * The known server {@code server} replicates from: the one with the source's server id (known once the replica
     * has ever connected), else the one at the source's host (compared ignoring case) and port. Null when the
     * server has no replication configured or its source is none of the known servers.
     */
    static Endpoint sourceOf(View server, List<View> known) {
        ReplicationRow row = server.row();
        if (row == null || !row.configured()) {
            return null;
        }
        long id = row.sourceServerId();
        if (id != 0) {
            for (View other : known) {
                if (other.serverId() == id && !other.endpoint().equals(server.endpoint())) {
                    return other.endpoint();
                }
            }
        }
        Endpoint source = row.source();
        return source == null ? null : find(source, known);
    }

    /** The known endpoint at this host (ignoring case) and port; null when none. */
    static Endpoint find(Endpoint endpoint, List<View> known) {
        for (View other : known) {
            Endpoint candidate = other.endpoint();
            if (candidate.port() == endpoint.port()
                    && candidate.host().toLowerCase(Locale.ROOT).equals(endpoint.host().toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
        return null;
    }

    /** How a replica's source reads in a reason: the known endpoint, else its host and port as configured. */
    static String describeSource(View server, List<View> known) {
        Endpoint source = sourceOf(server, known);
        if (source != null) {
            return source.toString();
        }
        return server.row() == null ? "an unknown source" : sourceText(server.row());
    }
}
