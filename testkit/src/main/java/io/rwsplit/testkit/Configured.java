package io.rwsplit.testkit;

import java.util.Optional;

/**
 * A testkit setting given as a system property or, failing that, an environment variable; blank counts as unset.
 *
 * @param source the property or variable the value came from, for error messages
 * @param value the value, trimmed
 */
record Configured(String source, String value) {

    static Optional<Configured> lookup(String property, String environmentVariable) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) {
            return Optional.of(new Configured(property, value.trim()));
        }
        value = System.getenv(environmentVariable);
        if (value != null && !value.isBlank()) {
            return Optional.of(new Configured(environmentVariable, value.trim()));
        }
        return Optional.empty();
    }
}
