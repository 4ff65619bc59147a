/**
 * Replica health for read/write splitting: {@link io.rwsplit.monitor.ReplicaMonitor} probes a primary and its
 * replicas, measures each replica's replication position and lag, decides with hysteresis which replicas may serve
 * reads, and publishes an immutable {@link io.rwsplit.monitor.ReplicaSnapshot} that is read without locking.
 * {@link io.rwsplit.monitor.ReplicationPosition} compares MariaDB GTID positions, MySQL GTID sets and binary log
 * coordinates. The package knows nothing of the driver that uses it.
 */
package io.rwsplit.monitor;
