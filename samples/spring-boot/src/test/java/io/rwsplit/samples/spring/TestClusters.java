package io.rwsplit.samples.spring;

import io.rwsplit.RwSplit;
import io.rwsplit.testkit.ReplicationCluster;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One replicated cluster per Spring test class: started when the context asks for its datasource properties, and
 * stopped, with the driver shut down, once the context is closed ({@code @DirtiesContext}). Declared before
 * {@code @SpringBootTest}, this extension's after-all runs after Spring's.
 */
final class TestClusters implements AfterAllCallback {

    private static final Map<Class<?>, ReplicationCluster> CLUSTERS = new ConcurrentHashMap<>();

    /** The test class's cluster, started on first use. */
    static ReplicationCluster of(Class<?> test, Supplier<ReplicationCluster> start) {
        return CLUSTERS.computeIfAbsent(test, t -> start.get());
    }

    /** Points Spring's datasource at the cluster through rwsplit; {@code query} adds settings (each after '&'). */
    static void pointDataSourceAt(DynamicPropertyRegistry registry, ReplicationCluster cluster, String clusterName,
                                  String query) {
        registry.add("spring.datasource.url", () -> "jdbc:rwsplit:mysql://" + cluster.hostList() + "/"
                + cluster.schema() + "?rwsplit.clusterName=" + clusterName + "&rwsplit.monitorUser="
                + cluster.monitor().user() + "&rwsplit.monitorPassword=" + cluster.monitor().password() + query);
        registry.add("spring.datasource.username", () -> cluster.app().user());
        registry.add("spring.datasource.password", () -> cluster.app().password());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            RwSplit.shutdown();
        } finally {
            ReplicationCluster cluster = CLUSTERS.remove(context.getRequiredTestClass());
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
