package io.rwsplit.benchmarks.micro;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.routing.LoadBalance;
import io.rwsplit.routing.NoReplicaPolicy;
import io.rwsplit.routing.ReplicaBalancer;
import io.rwsplit.routing.Route;
import io.rwsplit.routing.Router;
import io.rwsplit.routing.SessionFacts;
import io.rwsplit.routing.SessionFacts.TransactionBackend;
import io.rwsplit.sql.Classification;
import io.rwsplit.sql.SqlClassifier;
import io.rwsplit.sql.StatementKind;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure per-statement decision, {@link Router#route}, alone and together with a cached classification and a
 * round-robin {@link ReplicaBalancer#pick}: all the driver computes for a read before any I/O.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RoutingBenchmark {

    private static final String POINT_SELECT = "SELECT id, name, price, stock FROM items WHERE id = ?";

    /** A session as the router sees it, fixed for the benchmark. */
    record Session(boolean autoCommit, boolean readOnly, boolean explicitTransaction,
                   boolean explicitReadOnlyTransaction, TransactionBackend transactionBackend,
                   boolean forcedPrimary, boolean pinnedToPrimary) implements SessionFacts {

        static final Session AUTOCOMMIT = new Session(true, false, false, false, TransactionBackend.NONE, false, false);

        @Override
        public boolean optimisticTransaction() {
            return false;
        }
        static final Session PRIMARY_TRANSACTION =
                new Session(false, false, false, false, TransactionBackend.PRIMARY, false, false);
        static final Session READ_ONLY_STARTING =
                new Session(false, true, false, false, TransactionBackend.NONE, false, false);

        @Override
        public boolean mentionsTemporaryTable(String sql) {
            return false;
        }

        @Override
        public boolean readsPrimaryOnlyVariable(String sql) {
            return false;
        }
    }

    /** One statement in one session. */
    private record Case(String sql, Classification classification, Session session) {
    }

    private final Router router = new Router(NoReplicaPolicy.PRIMARY);
    private final Classification read = Classification.of(StatementKind.READ);
    private Case[] mix;
    private int next;
    private ReplicaBalancer balancer;
    private ReplicaSnapshot snapshot;
    private SqlClassifier classifier;

    @Setup
    public void setUp() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(POINT_SELECT, read, Session.AUTOCOMMIT));
        cases.add(new Case("UPDATE items SET stock = ? WHERE id = ?", Classification.of(StatementKind.WRITE),
                Session.AUTOCOMMIT));
        cases.add(new Case("SELECT ... FOR UPDATE", Classification.of(StatementKind.LOCKING_READ), Session.AUTOCOMMIT));
        cases.add(new Case("SELECT LAST_INSERT_ID()", Classification.of(StatementKind.SESSION_READ),
                Session.AUTOCOMMIT));
        cases.add(new Case("SET NAMES utf8mb4", Classification.of(StatementKind.SESSION_SET), Session.AUTOCOMMIT));
        cases.add(new Case(POINT_SELECT, read, Session.PRIMARY_TRANSACTION));
        cases.add(new Case(POINT_SELECT, read, Session.READ_ONLY_STARTING));
        cases.add(new Case("COMMIT", Classification.of(StatementKind.COMMIT), Session.PRIMARY_TRANSACTION));
        mix = cases.toArray(new Case[0]);

        snapshot = BalancerBenchmark.twoServingReplicas();
        balancer = new ReplicaBalancer(LoadBalance.ROUND_ROBIN, Map.of(), endpoint -> 0);
        classifier = new SqlClassifier(ClassifierBenchmark.CACHE_SIZE, ClassifierBenchmark.MAX_PARSE_LENGTH);
        classifier.classify(POINT_SELECT);
    }

    /** The common case: a plain read in autocommit mode. */
    @Benchmark
    public Route routeRead() {
        return router.route(POINT_SELECT, read, Session.AUTOCOMMIT, true);
    }

    /** Eight statement and session shapes in turn: writes, locking and session reads, SET, transactions. */
    @Benchmark
    public Route routeMix() {
        int i = next;
        next = i + 1 == mix.length ? 0 : i + 1;
        Case c = mix[i];
        return router.route(c.sql, c.classification, c.session, true);
    }

    /** Everything before the I/O of a read: the cached classification, the route, the replica. */
    @Benchmark
    public Endpoint classifyRoutePick() {
        Classification classification = classifier.classify(POINT_SELECT);
        Route route = router.route(POINT_SELECT, classification, Session.AUTOCOMMIT, !snapshot.serving().isEmpty());
        return route == Route.REPLICA_READ ? balancer.pick(snapshot) : null;
    }
}
