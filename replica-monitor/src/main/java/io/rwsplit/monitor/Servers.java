package io.rwsplit.monitor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The servers the monitor watches, seeds first in their order and discovered ones after, found by endpoint or server
 * id. Safe to iterate without the monitor's lock; joining and leaving happen under it.
 */
final class Servers implements Iterable<ServerNode> {

    private final List<ServerNode> nodes = new CopyOnWriteArrayList<>();

    void add(ServerNode node) {
        nodes.add(node);
    }

    void remove(ServerNode node) {
        nodes.remove(node);
    }

    @Override
    public Iterator<ServerNode> iterator() {
        return nodes.iterator();
    }

    /** The servers as they are now, unaffected by later joins and leaves. */
    List<ServerNode> copy() {
        return List.copyOf(nodes);
    }

    List<PrimaryResolver.View> views() {
        List<PrimaryResolver.View> views = new ArrayList<>(nodes.size());
        for (ServerNode node : nodes) {
            views.add(node.view());
        }
        return views;
    }

    ServerNode find(Endpoint endpoint) {
        if (endpoint == null) {
            return null;
        }
        for (ServerNode node : nodes) {
            if (node.endpoint.equals(endpoint)) {
                return node;
            }
        }
        return null;
    }

    ServerNode findById(long serverId) {
        if (serverId == 0) {
            return null;
        }
        for (ServerNode node : nodes) {
            if (node.serverId == serverId) {
                return node;
            }
        }
        return null;
    }

    /** Their statuses as replicas, the primary's left out. */
    List<ReplicaStatus> replicaStatuses(Endpoint primary) {
        List<ReplicaStatus> statuses = new ArrayList<>(nodes.size());
        for (ServerNode node : nodes) {
            if (!node.endpoint.equals(primary)) {
                statuses.add(node.status);
            }
        }
        return statuses;
    }
}
