package io.rwsplit.monitor;

/**
 * A replica as its source lists it ({@code SHOW SLAVE HOSTS}, {@code SHOW REPLICAS}).
 *
 * @param endpoint its {@code report_host} and {@code report_port}
 * @param serverId its server id
 */
record ListedReplica(Endpoint endpoint, long serverId) {
}
