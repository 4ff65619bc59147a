package io.rwsplit.samples.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rwsplit.ClusterStatus;
import io.rwsplit.RwSplit;
import io.rwsplit.samples.shop.Shop;
import io.rwsplit.samples.shop.ShopSchema;
import io.rwsplit.config.Masking;
import io.rwsplit.monitor.Endpoint;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo: runs the shop through HikariCP with only the JDBC URL swapped, against a local replicated cluster it
 * starts (or one that already runs, named by {@code RWSPLIT_URL}), prints a live line a second, delays one replica
 * from a third to two thirds of the way so it is seen leaving and rejoining the read pool, with {@code --switchover}
 * switches the primary over to a replica five sixths of the way, and ends with a summary.
 * Everything it starts or changes, it undoes.
 */
public final class Demo {

    private static final int PRODUCTS = 1_000;
    private static final int THREADS = 4;
    private static final int DELAY_SECONDS = 3;
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final DemoCluster cluster;
    private final PrintStream out;
    /** Whether to switch the primary over to a replica five sixths of the way. */
    private boolean switchover;

    Demo(DemoCluster cluster, PrintStream out) {
        this.cluster = cluster;
        this.out = out;
    }

    /** Arguments: {@code [--switchover] [seconds]}. */
    public static void main(String[] args) throws Exception {
        boolean switchover = false;
        Duration length = Duration.ofSeconds(30);
        for (String arg : args) {
            if (arg.equals("--switchover")) {
                switchover = true;
            } else {
                length = Duration.ofSeconds(Integer.parseInt(arg));
            }
        }
        try (DemoCluster cluster = DemoCluster.choose(System.getenv(), System.out)) {
            Demo demo = new Demo(cluster, System.out);
            demo.switchover = switchover;
            demo.run(length);
        }
        System.out.println("Done: everything the demo started is stopped and removed.");
    }

    void run(Duration length) throws Exception {
        out.println("JDBC URL: " + Masking.maskUrl(cluster.url()));
        try (HikariDataSource pool = pool()) {
            ShopSchema.create(pool, PRODUCTS);
            cluster.awaitCaughtUp(() -> RwSplit.status(pool), CATCH_UP);
            run(new Shop(pool), pool, length);
        } finally {
            RwSplit.shutdown();
        }
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cluster.url());
        config.setUsername(cluster.user());
        config.setPassword(cluster.password());
        config.setMaximumPoolSize(THREADS);
        config.setPoolName("shop-app");
        return new HikariDataSource(config);
    }

    private void run(Shop shop, HikariDataSource pool, Duration length) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder operations = new LongAdder();
        LongAdder failures = new LongAdder();
        Thread[] workers = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            workers[i] = new Thread(() -> work(shop, running, operations, failures), "shop-" + i);
            workers[i].start();
        }
        ClusterStatus start = RwSplit.status(pool);
        InjectedDelay delay = delayTarget(start);
        LiveReport report = new LiveReport(start, out);
        long seconds = length.toSeconds();
        try {
            for (long second = 1; second <= seconds; second++) {
                Thread.sleep(1000);
                if (delay != null && second == seconds / 3) {
                    delay.inject(DELAY_SECONDS);
                }
                if (delay != null && second == 2 * seconds / 3) {
                    delay.remove();
                }
                if (switchover && second == 5 * seconds / 6) {
                    switchOver();
                }
                report.line(second, RwSplit.status(pool));
            }
        } finally {
            running.set(false);
            for (Thread worker : workers) {
                worker.join();
            }
            if (delay != null) {
                delay.remove();
            }
        }
        report.summary(RwSplit.status(pool), operations.sum(), failures.sum(), length);
    }

    private void switchOver() {
        String whyNot = cluster.whyNoSwitchover();
        if (whyNot != null) {
            out.println("No switchover: " + whyNot + ".");
            return;
        }
        out.println(">>> switching the primary over to a replica");
        out.println(">>> " + cluster.switchover());
    }

    /** The last replica is the one delayed, where the cluster lets the demo delay one. */
    private InjectedDelay delayTarget(ClusterStatus status) {
        String whyNot = status.replicas().isEmpty() ? "the URL names no replica" : cluster.whyNoDelay();
        if (whyNot != null) {
            out.println("No replica will be delayed: " + whyNot + ".");
            return null;
        }
        Endpoint replica = status.replicas().get(status.replicas().size() - 1).endpoint();
        return new InjectedDelay(cluster, replica, out);
    }

    /** A shop visitor: mostly browsing, sometimes buying, now and then a look at their history. */
    private void work(Shop shop, AtomicBoolean running, LongAdder operations, LongAdder failures) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
            try {
                int dice = random.nextInt(100);
                if (dice < 60) {
                    shop.product(1 + random.nextInt(PRODUCTS));
                } else if (dice < 85) {
                    shop.browse(1 + random.nextInt(PRODUCTS - 20), 20);
                } else if (dice < 95) {
                    shop.placeOrder(random.nextInt(100), 1 + random.nextInt(PRODUCTS), 1 + random.nextInt(3));
                } else {
                    shop.customerTotal(random.nextInt(100));
                }
                operations.increment();
            } catch (Exception e) {
                failures.increment();
                out.println("operation failed: " + e);
            }
        }
    }
}
