package io.rwsplit.routing;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/** Picks one of the replicas that serve reads, by the configured {@link LoadBalance} strategy. Thread-safe. */
public final class ReplicaBalancer {

    private final LoadBalance strategy;
    private final Map<Endpoint, Integer> weights;
    private final ToIntFunction<Endpoint> activeConnections;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param weights           per replica, used by {@link LoadBalance#WEIGHTED}; a replica missing here weighs 1
     * @param activeConnections connections in use per replica, used by {@link LoadBalance#LEAST_CONNECTIONS}
     */
    public ReplicaBalancer(LoadBalance strategy, Map<Endpoint, Integer> weights,
                           ToIntFunction<Endpoint> activeConnections) {
        this.strategy = strategy;
        this.weights = Map.copyOf(weights);
        this.activeConnections = activeConnections;
    }

    public LoadBalance strategy() {
        return strategy;
    }

    /** @return a serving replica, or null when none serves */
    public Endpoint pick(ReplicaSnapshot snapshot) {
        List<Endpoint> serving = snapshot.serving();
        int count = serving.size();
        if (count == 0) {
            return null;
        }
        if (count == 1) {
            return serving.get(0);
        }
        switch (strategy) {
            case RANDOM:
                return serving.get(ThreadLocalRandom.current().nextInt(count));
            case WEIGHTED:
                return weighted(serving);
            case LEAST_CONNECTIONS:
                return leastConnections(serving);
            case LOWEST_LAG:
                return lowestLag(snapshot, serving);
            default:
                return roundRobin(serving);
        }
    }

    private Endpoint roundRobin(List<Endpoint> serving) {
        return serving.get(Math.floorMod(next.getAndIncrement(), serving.size()));
    }

    private Endpoint weighted(List<Endpoint> serving) {
        int total = 0;
        for (Endpoint endpoint : serving) {
            total += weightOf(endpoint);
        }
        int ticket = ThreadLocalRandom.current().nextInt(total);
        for (Endpoint endpoint : serving) {
            ticket -= weightOf(endpoint);
            if (ticket < 0) {
                return endpoint;
            }
        }
        return serving.get(serving.size() - 1);
    }

    private int weightOf(Endpoint endpoint) {
        return weights.getOrDefault(endpoint, 1);
    }

    private Endpoint leastConnections(List<Endpoint> serving) {
        return lowestScore(serving, endpoint -> activeConnections.applyAsInt(endpoint));
    }

    private Endpoint lowestLag(ReplicaSnapshot snapshot, List<Endpoint> serving) {
        return lowestScore(serving, endpoint -> {
            ReplicaStatus status = snapshot.status(endpoint);
            // Unknown lag ranks last; a serving replica rarely has it, but a snapshot may be mid-update.
            return status == null || status.lagMillis() < 0 ? Long.MAX_VALUE : status.lagMillis();
        });
    }

    /** The replica with the lowest score; ties take turns, so equal replicas share the load evenly. */
    private Endpoint lowestScore(List<Endpoint> serving, ToLongFunction<Endpoint> score) {
        long best = Long.MAX_VALUE;
        int ties = 0;
        for (Endpoint endpoint : serving) {
            long value = score.applyAsLong(endpoint);
            if (value < best) {
                best = value;
                ties = 1;
            } else if (value == best) {
                ties++;
            }
        }
        int turn = Math.floorMod(next.getAndIncrement(), ties);
        for (Endpoint endpoint : serving) {
            if (score.applyAsLong(endpoint) == best && turn-- == 0) {
                return endpoint;
            }
        }
        return serving.get(0);
    }
}
