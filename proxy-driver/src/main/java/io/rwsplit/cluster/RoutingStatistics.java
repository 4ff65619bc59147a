package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.routing.Route;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of routed statements, per backend and per route. Cheap to bump from many threads. */
public final class RoutingStatistics {

    private final Map<Endpoint, LongAdder> byBackend;
    private final LongAdder[] byRoute = new LongAdder[Route.values().length];
    private final LongAdder retries = new LongAdder();

    RoutingStatistics(List<Endpoint> backends) {
        Map<Endpoint, LongAdder> counters = new LinkedHashMap<>();
        for (Endpoint endpoint : backends) {
            counters.put(endpoint, new LongAdder());
        }
        this.byBackend = Collections.unmodifiableMap(counters);
        for (int i = 0; i < byRoute.length; i++) {
            byRoute[i] = new LongAdder();
        }
    }

    public void record(Route route, Endpoint backend) {
        byRoute[route.ordinal()].increment();
        LongAdder counter = backend == null ? null : byBackend.get(backend);
        if (counter != null) {
            counter.increment();
        }
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

    /** Statements run per backend, in configured order (primary first). */
    public Map<Endpoint, Long> perBackend() {
        Map<Endpoint, Long> copy = new LinkedHashMap<>();
        byBackend.forEach((endpoint, counter) -> copy.put(endpoint, counter.sum()));
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
