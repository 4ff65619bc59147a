package io.rwsplit.monitor;

import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds servers to monitor beyond the seeds, when {@link MonitorSettings#discoverReplicas()} is on: a replica's
 * source and the replicas a primary lists join; a discovered server the primary stops listing, or that turns out to
 * be a known server under another name, leaves. Every method runs under the monitor's lock.
 */
final class Discovery {

    /** The monitor's log category, so that its lines stay where users look for them. */
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMonitor.class);

    private final String name;
    private final Servers servers;
    private final Topology topology;
    private final ProbeScheduler scheduler;
    private final Function<Endpoint, ServerNode> newNode;
    private final Runnable publish;
    private boolean listingFailing;

    /**
     * @param newNode makes the node of a server that joins
     * @param publish publishes a new snapshot after a server joined or left
     */
    Discovery(String name, Servers servers, Topology topology, ProbeScheduler scheduler,
              Function<Endpoint, ServerNode> newNode, Runnable publish) {
        this.name = name;
        this.servers = servers;
        this.topology = topology;
        this.scheduler = scheduler;
        this.newNode = newNode;
        this.publish = publish;
    }

    /** Under the lock: a replica's source that no known server is joins. */
    void discoverSource(ServerNode node, ServerProbe.Sample sample) {
        Endpoint source = sample.row().source();
        if (source == null || PrimaryResolver.sourceOf(node.view(), servers.views()) != null
                || topology.isAlias(source)) {
            return;
        }
        add(source, "discovered " + source + " (server_id " + sample.row().sourceServerId() + "), the source of "
                + node);
    }

    /** Under the lock: servers a primary lists that are not known join. */
    void discoverListed(List<ListedReplica> listed) {
        for (ListedReplica replica : listed) {
            if (servers.find(replica.endpoint()) == null && servers.findById(replica.serverId()) == null
                    && !topology.isAlias(replica.endpoint())) {
                add(replica.endpoint(), "discovered replica " + replica.endpoint() + " (server_id "
                        + replica.serverId() + ")");
            }
        }
    }

    /** Under the lock: the current primary's listing adds new replicas and removes those gone for good. */
    void listing(ServerNode primary, ServerProbe.Sample sample) {
        if (sample.failed()) {
            return;
        }
        if (sample.listed() == null) {
            if (!listingFailing) {
                listingFailing = true;
                LOG.warn("{} - cannot list the replicas of primary {}: {}; replicas are found as seeds and sources "
                        + "only (the monitor user needs REPLICATION MASTER ADMIN on MariaDB, REPLICATION SLAVE on "
                        + "MySQL)", name, primary, Texts.headline(sample.listError(), 200));
            }
            return;
        }
        if (listingFailing) {
            listingFailing = false;
            LOG.info("{} - replicas of primary {} listed again", name, primary);
        }
        discoverListed(sample.listed());
        List<PrimaryResolver.View> views = servers.views();
        for (ServerNode node : servers.copy()) {
            if (node.seed || node == primary) {
                continue;
            }
            boolean listed = sample.listed().stream().anyMatch(replica -> replica.endpoint().equals(node.endpoint)
                    || replica.serverId() != 0 && replica.serverId() == node.serverId);
            boolean replicatesFromPrimary = node.last != null && !node.last.failed() && node.last.row().replicating()
                    && primary.endpoint.equals(PrimaryResolver.sourceOf(node.view(), views));
            node.missedListings = listed || replicatesFromPrimary ? 0 : node.missedListings + 1;
            if (node.missedListings >= Topology.MISSED_LISTINGS_TO_LEAVE) {
                LOG.info("{} - {} no longer listed by the primary: removed", name, node);
                remove(node);
            }
        }
    }

    /** Under the lock: a discovered server with the server id of one known before is that server: it leaves. */
    boolean dropAlias(ServerNode node) {
        if (node.seed) {
            return false;
        }
        for (ServerNode other : servers) {
            if (other == node) {
                return false;
            }
            if (other.serverId == node.serverId && node.serverId != 0) {
                LOG.info("{} - {} is {} (server_id {}) under another name: not monitored twice", name, node,
                        other, node.serverId);
                topology.alias(node.endpoint);
                remove(node);
                return true;
            }
        }
        return false;
    }

    private void add(Endpoint endpoint, String line) {
        ServerNode node = newNode.apply(endpoint);
        servers.add(node);
        LOG.info("{} - {}", name, line);
        publish.run();
        scheduler.probeNow(node);
    }

    private void remove(ServerNode node) {
        node.removed = true;
        servers.remove(node);
        scheduler.release(node);
        publish.run();
    }
}
