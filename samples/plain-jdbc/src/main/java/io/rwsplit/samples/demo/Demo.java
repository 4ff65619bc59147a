package io.rwsplit.samples.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rwsplit.ClusterStatus;
import io.rwsplit.RwSplit;
import io.rwsplit.samples.shop.Shop;
import io.rwsplit.samples.shop.ShopSchema;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo: starts a local replicated cluster, runs the shop against it through HikariCP with only the JDBC URL
 * swapped, prints a live line a second, delays one replica from a third to two thirds of the way so it is seen leaving
 * and rejoining the read pool, and ends with a summary. Everything it starts, it stops.
 */
public final class Demo {

    private static final int PRODUCTS = 1_000;
    private static final int THREADS = 4;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Duration length = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 30);
        System.out.println("Starting a local cluster: 1 primary + 2 replicas ...");
        try (ReplicationCluster cluster = ReplicationCluster.builder().name("demo").replicas(2).start()) {
            System.out.printf("Cluster up in %d ms: primary %s, replicas %s, %s%n",
                    cluster.startupTime().toMillis(), cluster.primary().hostAndPort(),
                    cluster.replicas().stream().map(ClusterNode::hostAndPort).toList(), cluster.version());
            String url = "jdbc:rwsplit:mysql://" + cluster.hostList() + "/" + cluster.schema()
                    + "?rwsplit.clusterName=shop-db&rwsplit.lagSummaryInterval=5s"
                    + "&rwsplit.monitorUser=" + cluster.monitor().user()
                    + "&rwsplit.monitorPassword=" + cluster.monitor().password();
            System.out.println("JDBC URL: " + url.replace(cluster.monitor().password(), "<masked>"));
            try (HikariDataSource pool = pool(url, cluster)) {
                ShopSchema.create(pool, PRODUCTS);
                cluster.awaitCaughtUp(Duration.ofSeconds(30));
                run(new Shop(pool), pool, cluster, length);
            } finally {
                RwSplit.shutdown();
            }
        }
        System.out.println("Cluster stopped and removed.");
    }

    private static HikariDataSource pool(String url, ReplicationCluster cluster) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(cluster.app().user());
        config.setPassword(cluster.app().password());
        config.setMaximumPoolSize(THREADS);
        config.setPoolName("shop-app");
        return new HikariDataSource(config);
    }

    private static void run(Shop shop, HikariDataSource pool, ReplicationCluster cluster, Duration length)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder operations = new LongAdder();
        LongAdder failures = new LongAdder();
        Thread[] workers = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            workers[i] = new Thread(() -> work(shop, running, operations, failures), "shop-" + i);
            workers[i].start();
        }
        ClusterNode delayed = cluster.replica(1);
        LiveReport report = new LiveReport(RwSplit.status(pool));
        long seconds = length.toSeconds();
        for (long second = 1; second <= seconds; second++) {
            Thread.sleep(1000);
            if (second == seconds / 3) {
                System.out.println(">>> injecting a 3 s replication delay on " + delayed.hostAndPort());
                cluster.setDelay(delayed, 3);
            }
            if (second == 2 * seconds / 3) {
                System.out.println(">>> removing the delay on " + delayed.hostAndPort());
                cluster.setDelay(delayed, 0);
            }
            report.line(second, RwSplit.status(pool));
        }
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
        ClusterStatus last = RwSplit.status(pool);
        report.summary(last, operations.sum(), failures.sum(), length);
    }

    /** A shop visitor: mostly browsing, sometimes buying, now and then a look at their history. */
    private static void work(Shop shop, AtomicBoolean running, LongAdder operations, LongAdder failures) {
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
                System.out.println("operation failed: " + e);
            }
        }
    }
}
