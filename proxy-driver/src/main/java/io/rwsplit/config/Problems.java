package io.rwsplit.config;

import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

/** Collects every configuration problem, so that one exception reports them all. */
final class Problems {

    /** SQLState class 08, "unable to establish connection", as Connector/J uses for bad URLs. */
    static final String SQL_STATE = "08001";

    private final List<String> messages = new ArrayList<>();

    void add(String message) {
        messages.add(message);
    }

    /** Adds {@code key = "raw": reason}, with the value masked when the key names a password. */
    void invalid(String key, String raw, String reason) {
        add(key + " = " + quoted(key, raw) + ": " + reason);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    void throwIfAny() throws SQLNonTransientConnectionException {
        if (!messages.isEmpty()) {
            int count = messages.size();
            throw new SQLNonTransientConnectionException("rwsplit: invalid configuration (" + count
                    + (count == 1 ? " problem): " : " problems): ") + String.join("; ", messages), SQL_STATE);
        }
    }

    static String quoted(String key, String raw) {
        return Masking.isSecret(key) ? Masking.MASK : "\"" + raw + "\"";
    }
}
