package io.rwsplit.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * One fresh JVM's first statement: what an app's start pays before its first query returns. Prints the milliseconds
 * from the JVM's start and from {@code main()} (once logging is up, as an app's is) to the first row of a point
 * select, then exits.
 *
 * <p>Arguments: the JDBC URL, user, password.
 */
public final class FirstStatement {

    private FirstStatement() {
    }

    public static void main(String[] args) throws Exception {
        // An app has its logging up before it opens a connection: that is not the driver's start-up.
        org.slf4j.LoggerFactory.getLogger(FirstStatement.class).debug("starting");
        long mainNanos = System.nanoTime();
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT id, name, price, stock FROM items WHERE id = 1")) {
            if (!row.next()) {
                throw new IllegalStateException("item 1 not read");
            }
        }
        long sinceMain = (System.nanoTime() - mainNanos) / 1_000_000;
        long sinceJvm = System.currentTimeMillis() - jvmStartMillis;
        System.out.println("first-statement " + sinceMain + " " + sinceJvm);
        System.exit(0);
    }
}
