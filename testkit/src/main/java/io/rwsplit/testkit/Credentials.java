package io.rwsplit.testkit;

import java.util.Objects;

/**
 * A database account of a {@link ReplicationCluster}.
 *
 * @param user     the user name
 * @param password the password; {@link #toString()} never shows it
 */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=<masked>]";
    }
}
