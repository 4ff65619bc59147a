/**
 * A real replicated MariaDB or MySQL cluster for integration tests: {@link io.rwsplit.testkit.ReplicationCluster}
 * starts a primary and read-only GTID replicas on 127.0.0.1, as local server processes or as containers, and lets a
 * test kill, freeze, restart and delay them and prove which server ran a statement.
 */
package io.rwsplit.testkit;
