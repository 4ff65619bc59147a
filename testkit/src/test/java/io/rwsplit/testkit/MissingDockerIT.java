package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

/**
 * Where no Docker engine is reachable, the CONTAINER backend says so in one line, as a skip, instead of hanging,
 * failing every test or faking.
 */
class MissingDockerIT {

    @Test
    void containerBackendWithoutDockerSkipsWithAOneLineReason() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine is reachable here");
        assertThatThrownBy(() -> ReplicationCluster.builder().backend(Backend.CONTAINER).start())
                .isInstanceOf(DockerUnavailableException.class)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("skipped: backend CONTAINER needs a reachable Docker engine")
                .hasMessageNotContaining("\n")
                .hasMessageContaining(Backend.PROPERTY + "=local");
    }
}
