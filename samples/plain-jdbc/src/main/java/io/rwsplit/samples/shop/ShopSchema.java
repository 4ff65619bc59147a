package io.rwsplit.samples.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates the shop's tables and a catalogue of products. */
public final class ShopSchema {

    private ShopSchema() {
    }

    public static void create(DataSource dataSource, int products) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS products ("
                    + " id INT PRIMARY KEY, name VARCHAR(80) NOT NULL, price DECIMAL(10,2) NOT NULL,"
                    + " stock INT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS orders ("
                    + " id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,"
                    + " created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), total DECIMAL(12,2) NOT NULL,"
                    + " INDEX orders_by_customer (customer_id))");
            statement.execute("CREATE TABLE IF NOT EXISTS order_lines ("
                    + " order_id BIGINT NOT NULL, product_id INT NOT NULL, quantity INT NOT NULL,"
                    + " price DECIMAL(10,2) NOT NULL, PRIMARY KEY (order_id, product_id))");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT IGNORE INTO products (id, name, price, stock) VALUES (?, ?, ?, ?)")) {
                for (int id = 1; id <= products; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "product " + id);
                    insert.setBigDecimal(3, java.math.BigDecimal.valueOf(100 + id % 900, 2));
                    insert.setInt(4, 1_000_000);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }
}
