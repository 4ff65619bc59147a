package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.routing.Route;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of routed statements, per backend and per route. Cheap to bump from many threads. */
public final class RoutingStatistics {

    /** The URL's hosts, in URL order: listed first. */
    private final List<Endpoint> seeds;
    private final Map<Endpoint, LongAdder> byBackend = new ConcurrentHashMap<>();
    private final LongAdder[] byRoute = new LongAdder[Route.values().length];
    private final LongAdder retries = new LongAdder();

    RoutingStatistics(List<Endpoint> seeds) {
        this.seeds = List.copyOf(seeds);
        for (Endpoint endpoint : seeds) {
            byBackend.put(endpoint, new LongAdder());
        }
        for (int i = 0; i < byRoute.length; i++) {
            byRoute[i] = new LongAdder();
        }
    }

    public void record(Route route, Endpoint backend) {
        byRoute[route.ordinal()].increment();
        if (backend == null) {
            return;
        }
        LongAdder counter = byBackend.get(backend);
        if (counter == null) {
            counter = byBackend.computeIfAbsent(backend, e -> new LongAdder());
        }
        counter.increment();
    }

    /** A replica read that failed with a connection error and runs again elsewhere. */
    public void recordRetry() {
        retries.increment();
    }

    public long retries() {
        return retries.sum();
    }

    public void recordRefused(Route route) {
        byRoute[route.ordinal()].increment();
    }

    /** Statements run per server: the URL's hosts in URL order, then discovered servers. */
    public Map<Endpoint, Long> perBackend() {
        Map<Endpoint, Long> copy = new LinkedHashMap<>();
        for (Endpoint seed : seeds) {
            copy.put(seed, byBackend.get(seed).sum());
        }
        byBackend.forEach((endpoint, counter) -> copy.putIfAbsent(endpoint, counter.sum()));
        return copy;
    }

    /** Statements per route; routes never taken are left out. */
    public Map<Route, Long> perRoute() {
        Map<Route, Long> copy = new EnumMap<>(Route.class);
        for (Route route : Route.values()) {
            long count = byRoute[route.ordinal()].sum();
            if (count > 0) {
                copy.put(route, count);
            }
        }
        return copy;
    }
}
