package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterSpecTest {

    @Test
    void namesNodesAndNumbersServersFromThePrimary() {
        assertThat(ClusterSpec.nodeName(0)).isEqualTo("primary");
        assertThat(ClusterSpec.nodeName(2)).isEqualTo("replica2");
        assertThat(ClusterSpec.serverId(0)).isEqualTo(1);
        assertThat(ClusterSpec.serverId(2)).isEqualTo(3);
        assertThat(new ClusterSpec("c", 2, "app", false).nodeCount()).isEqualTo(3);
        assertThat(new ClusterSpec("c", 2, "app", false).shape()).isEqualTo("1+2");
    }

    @Test
    void reportsEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> ReplicationCluster.builder().name("has space").replicas(-1).schema("a-b").start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name = \"has space\"")
                .hasMessageContaining("replicas = -1: must be between 0 and 16")
                .hasMessageContaining("schema = \"a-b\"");
    }

    @Test
    void acceptsTheDefaults() {
        assertThat(new ClusterSpec("rwsplit-test", 2, "app", false).replicas()).isEqualTo(2);
        assertThat(new ClusterSpec("x", 0, "app_1", true).generalLog()).isTrue();
    }
}
