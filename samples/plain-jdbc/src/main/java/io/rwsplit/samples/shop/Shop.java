package io.rwsplit.samples.shop;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A small shop written in plain JDBC, as any app would write it: nothing in it knows about read/write splitting.
 * Only the JDBC URL of the {@link DataSource} decides that reads go to replicas.
 */
public final class Shop {

    /** A product row. */
    public record Product(int id, String name, BigDecimal price) {
    }

    private final DataSource dataSource;

    public Shop(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A catalogue page: an autocommit read, so a replica serves it. */
    public List<Product> browse(int firstId, int count) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id, name, price FROM products WHERE id >= ? ORDER BY id LIMIT ?")) {
            query.setInt(1, firstId);
            query.setInt(2, count);
            List<Product> page = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    page.add(new Product(rows.getInt(1), rows.getString(2), rows.getBigDecimal(3)));
                }
            }
            return page;
        }
    }

    /** One product by primary key: the most common read of all. */
    public Product product(int id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id, name, price FROM products WHERE id = ?")) {
            query.setInt(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new Product(rows.getInt(1), rows.getString(2), rows.getBigDecimal(3)) : null;
            }
        }
    }

    /** Places an order in one read-write transaction: the stock check locks rows, so all of it runs on the primary. */
    public long placeOrder(int customerId, int productId, int quantity) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                BigDecimal price;
                try (PreparedStatement lock = connection.prepareStatement(
                        "SELECT price FROM products WHERE id = ? FOR UPDATE")) {
                    lock.setInt(1, productId);
                    try (ResultSet rows = lock.executeQuery()) {
                        if (!rows.next()) {
                            throw new SQLException("no product " + productId);
                        }
                        price = rows.getBigDecimal(1);
                    }
                }
                long orderId;
                try (PreparedStatement order = connection.prepareStatement(
                        "INSERT INTO orders (customer_id, total) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    order.setInt(1, customerId);
                    order.setBigDecimal(2, price.multiply(BigDecimal.valueOf(quantity)));
                    order.executeUpdate();
                    try (ResultSet keys = order.getGeneratedKeys()) {
                        keys.next();
                        orderId = keys.getLong(1);
                    }
                }
                try (PreparedStatement line = connection.prepareStatement(
                        "INSERT INTO order_lines (order_id, product_id, quantity, price) VALUES (?, ?, ?, ?)");
                     PreparedStatement stock = connection.prepareStatement(
                             "UPDATE products SET stock = stock - ? WHERE id = ?")) {
                    line.setLong(1, orderId);
                    line.setInt(2, productId);
                    line.setInt(3, quantity);
                    line.setBigDecimal(4, price);
                    line.executeUpdate();
                    stock.setInt(1, quantity);
                    stock.setInt(2, productId);
                    stock.executeUpdate();
                }
                connection.commit();
                return orderId;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** A customer's order history in a read-only transaction: a consistent view, served by one replica. */
    public BigDecimal customerTotal(int customerId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM orders WHERE customer_id = ?");
                 PreparedStatement sum = connection.prepareStatement(
                         "SELECT COALESCE(SUM(total), 0) FROM orders WHERE customer_id = ?")) {
                count.setInt(1, customerId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                }
                sum.setInt(1, customerId);
                try (ResultSet rows = sum.executeQuery()) {
                    rows.next();
                    return rows.getBigDecimal(1);
                }
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
                connection.setReadOnly(false);
            }
        }
    }
}
