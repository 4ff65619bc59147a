/**
 * Replica health and topology for read/write splitting: {@link io.rwsplit.monitor.ReplicaMonitor} starts from seed
 * servers, probes each known server alike (server id, {@code read_only}, replication status and source), decides
 * which one is the primary (the one writable server that does not replicate; none during a switchover or a split
 * brain), optionally discovers the primary's replicas and each replica's source, measures each replica's replication
 * position and lag against the primary, decides with hysteresis which replicas may serve reads, and publishes an
 * immutable {@link io.rwsplit.monitor.ReplicaSnapshot} that is read without locking.
 * {@link io.rwsplit.monitor.TopologyListener}s hear each change of the primary. {@link
 * io.rwsplit.monitor.ReplicationPosition} compares MariaDB GTID positions, MySQL GTID sets and binary log coordinates.
 * The package knows nothing of the driver that uses it.
 */
package io.rwsplit.monitor;
