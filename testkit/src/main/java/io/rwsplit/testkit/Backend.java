package io.rwsplit.testkit;

import java.util.Arrays;
import java.util.Locale;

/** Where the servers of a {@link ReplicationCluster} run. */
public enum Backend {
    /** Server processes started from the {@code mariadbd} or {@code mysqld} binary installed on this machine. */
    LOCAL,
    /** One Docker container per server, started with Testcontainers (host networking). */
    CONTAINER;

    /** System property that selects the backend: {@code local} or {@code container}. */
    public static final String PROPERTY = "rwsplit.testkit.backend";
    /** Environment variable read when the system property is not set. */
    public static final String ENVIRONMENT_VARIABLE = "RWSPLIT_TESTKIT_BACKEND";

    /**
     * The backend named by the system property {@value #PROPERTY}, else by the environment variable
     * {@value #ENVIRONMENT_VARIABLE}, else {@link #LOCAL}.
     *
     * @throws IllegalArgumentException when the value is neither {@code local} nor {@code container}
     */
    public static Backend fromEnvironment() {
        String property = System.getProperty(PROPERTY);
        if (property != null) {
            return parse(property, PROPERTY);
        }
        return parse(System.getenv(ENVIRONMENT_VARIABLE), ENVIRONMENT_VARIABLE);
    }

    static Backend parse(String value, String source) {
        if (value == null || value.isBlank()) {
            return LOCAL;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (Backend backend : values()) {
            if (backend.label().equals(wanted)) {
                return backend;
            }
        }
        throw new IllegalArgumentException(source + " = \"" + value + "\": expected one of "
                + Arrays.stream(values()).map(Backend::label).toList());
    }

    private String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
