package io.rwsplit.jdbc;

import java.sql.Statement;
import java.util.Arrays;

/**
 * The physical statements of one logical statement, by the physical connection each was made on: most often one,
 * two when a statement ran a read and then a write. Two arrays searched by identity, rather than a map, because a
 * statement is made and closed for every use in most apps.
 */
final class PhysicalTwins {

    private PhysicalConnection[] connections = new PhysicalConnection[2];
    private Statement[] statements = new Statement[2];
    private int size;

    Statement get(PhysicalConnection connection) {
        for (int i = 0; i < size; i++) {
            if (connections[i] == connection) {
                return statements[i];
            }
        }
        return null;
    }

    void put(PhysicalConnection connection, Statement statement) {
        for (int i = 0; i < size; i++) {
            if (connections[i] == connection) {
                statements[i] = statement;
                return;
            }
        }
        if (size == connections.length) {
            connections = Arrays.copyOf(connections, size * 2);
            statements = Arrays.copyOf(statements, size * 2);
        }
        connections[size] = connection;
        statements[size] = statement;
        size++;
    }

    void remove(PhysicalConnection connection) {
        for (int i = 0; i < size; i++) {
            if (connections[i] == connection) {
                size--;
                connections[i] = connections[size];
                statements[i] = statements[size];
                connections[size] = null;
                statements[size] = null;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    /** The i-th physical statement, for {@code 0 <= i < size()}. */
    Statement statement(int i) {
        return statements[i];
    }

    void clear() {
        Arrays.fill(connections, 0, size, null);
        Arrays.fill(statements, 0, size, null);
        size = 0;
    }
}
