package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** Where no Docker engine is reachable, the CONTAINER backend says so instead of hanging or faking. */
class MissingDockerIT {

    @Test
    void containerBackendWithoutDockerFailsWithAClearMessage() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine is reachable here");
        assertThatThrownBy(() -> ReplicationCluster.builder().backend(Backend.CONTAINER).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a reachable Docker engine")
                .hasMessageContaining(Backend.PROPERTY + "=local");
    }
}
