package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void unsetOrBlankMeansLocal() {
        assertThat(Backend.parse(null, Backend.PROPERTY)).isEqualTo(Backend.LOCAL);
        assertThat(Backend.parse("  ", Backend.PROPERTY)).isEqualTo(Backend.LOCAL);
    }

    @Test
    void acceptsBothNamesInAnyCase() {
        assertThat(Backend.parse("local", Backend.PROPERTY)).isEqualTo(Backend.LOCAL);
        assertThat(Backend.parse(" Container ", Backend.PROPERTY)).isEqualTo(Backend.CONTAINER);
    }

    @Test
    void rejectsOtherValuesNamingTheSourceAndTheAcceptedValues() {
        assertThatThrownBy(() -> Backend.parse("docker", Backend.ENVIRONMENT_VARIABLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RWSPLIT_TESTKIT_BACKEND = \"docker\": expected one of [local, container]");
    }

    @Test
    void systemPropertyWins() {
        String before = System.getProperty(Backend.PROPERTY);
        try {
            System.setProperty(Backend.PROPERTY, "container");
            assertThat(Backend.fromEnvironment()).isEqualTo(Backend.CONTAINER);
            System.setProperty(Backend.PROPERTY, "nope");
            assertThatThrownBy(Backend::fromEnvironment)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rwsplit.testkit.backend = \"nope\"");
        } finally {
            if (before == null) {
                System.clearProperty(Backend.PROPERTY);
            } else {
                System.setProperty(Backend.PROPERTY, before);
            }
        }
    }
}
