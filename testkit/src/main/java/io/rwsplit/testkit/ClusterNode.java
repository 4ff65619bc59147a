package io.rwsplit.testkit;

import java.util.Objects;

/** One server of a {@link ReplicationCluster}: where it listens and what it is. Immutable. */
public final class ClusterNode {

    private final String name;
    private final String host;
    private final int port;
    private final int serverId;
    private final boolean primary;
    private final String schema;

    ClusterNode(String name, String host, int port, int serverId, boolean primary, String schema) {
        this.name = Objects.requireNonNull(name, "name");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.serverId = serverId;
        this.primary = primary;
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** {@code primary}, {@code replica1}, {@code replica2}, ... */
    public String name() {
        return name;
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The server's {@code server_id}: 1 for the primary, 2, 3, ... for the replicas. */
    public int serverId() {
        return serverId;
    }

    /**
     * Whether it started as the primary. After a switchover or failover this is no longer the role it has: ask
     * {@link ReplicationCluster#isPrimary(ClusterNode)}.
     */
    public boolean isPrimary() {
        return primary;
    }

    /** {@code host:port}. */
    public String hostAndPort() {
        return host + ":" + port;
    }

    /** {@code jdbc:mysql://127.0.0.1:<port>/<schema>}, for Connector/J. */
    public String jdbcUrl() {
        return serverUrl() + schema;
    }

    /**
     * {@code jdbc:mysql://127.0.0.1:<port>/}, with no default database: for accounts without privileges on the
     * schema, such as {@link ReplicationCluster#monitor()}.
     */
    public String serverUrl() {
        return "jdbc:mysql://" + hostAndPort() + "/";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterNode node && node.name.equals(name) && node.host.equals(host)
                && node.port == port && node.serverId == serverId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, host, port, serverId);
    }

    @Override
    public String toString() {
        return name + " " + hostAndPort() + " (server_id=" + serverId + ")";
    }
}
