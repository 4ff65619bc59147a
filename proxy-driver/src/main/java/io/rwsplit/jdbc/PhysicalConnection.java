package io.rwsplit.jdbc;

import io.rwsplit.cluster.Backend;
import java.sql.Connection;

/** A pooled connection to one backend, held by one logical connection until that closes or lets it go. */
final class PhysicalConnection {

    final Backend backend;
    final Connection connection;
    /** Session statements ran on it that the pool cannot undo: it is evicted instead of returned. */
    boolean sessionChanged;
    /** It failed with a connection error and was let go: an open transaction on it is lost. */
    boolean broken;

    PhysicalConnection(Backend backend, Connection connection) {
        this.backend = backend;
        this.connection = connection;
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
