package io.rwsplit.benchmarks.micro;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.routing.LoadBalance;
import io.rwsplit.routing.ReplicaBalancer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@link ReplicaBalancer#pick} of one replica of two serving ones, per strategy, from one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BalancerBenchmark {

    @Param
    public LoadBalance balance;

    private ReplicaBalancer balancer;
    private ReplicaSnapshot snapshot;

    /** Two healthy replicas in the read pool, with slightly different lags. */
    static ReplicaSnapshot twoServingReplicas() {
        Instant now = Instant.now();
        List<ReplicaStatus> replicas = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Endpoint endpoint = new Endpoint("replica" + i, 3306);
            replicas.add(new ReplicaStatus(endpoint, ReplicaState.HEALTHY, true, "healthy", 40 + i, 0, null, 300,
                    now, now, null));
        }
        return ReplicaSnapshot.of(now, new Endpoint("primary", 3306), null, replicas, null);
    }

    @Setup
    public void setUp() {
        snapshot = twoServingReplicas();
        Endpoint first = snapshot.serving().get(0);
        balancer = new ReplicaBalancer(balance, Map.of(first, 2), endpoint -> endpoint.equals(first) ? 3 : 2);
    }

    @Benchmark
    public Endpoint pick() {
        return balancer.pick(snapshot);
    }
}
