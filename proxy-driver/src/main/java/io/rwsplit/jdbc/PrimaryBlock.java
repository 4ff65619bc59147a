package io.rwsplit.jdbc;

/**
 * While open, every statement of its connection runs on the primary. Close it (try-with-resources) to end the
 * block; closing twice is harmless.
 */
public final class PrimaryBlock implements AutoCloseable {

    private RoutingConnection connection;

    PrimaryBlock(RoutingConnection connection) {
        this.connection = connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.endForcedPrimary();
            connection = null;
        }
    }
}
