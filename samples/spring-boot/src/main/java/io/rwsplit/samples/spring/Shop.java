package io.rwsplit.samples.spring;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's service layer, written as in any Spring app. Reads are {@code @Transactional(readOnly = true)}: the
 * transaction manager marks the connection read-only, and rwsplit runs each such transaction on one replica. Placing
 * an order is a read-write transaction, which runs on the primary. Not final: Spring subclasses it to apply
 * {@code @Transactional}.
 */
@Service
public class Shop {

    private static final RowMapper<Product> PRODUCT = (rows, n) -> new Product(rows.getInt("id"),
            rows.getString("name"), rows.getBigDecimal("price"), rows.getInt("stock"));

    private final JdbcTemplate jdbc;

    public Shop(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One page of the catalogue, in product order; pages count from 0. */
    @Transactional(readOnly = true)
    public List<Product> catalogue(int page, int pageSize) {
        return jdbc.query("SELECT id, name, price, stock FROM products ORDER BY id LIMIT ? OFFSET ?", PRODUCT,
                pageSize, page * pageSize);
    }

    @Transactional(readOnly = true)
    public Optional<Product> product(int id) {
        return jdbc.query("SELECT id, name, price, stock FROM products WHERE id = ?", PRODUCT, id).stream()
                .findFirst();
    }

    /**
     * A customer's orders with their lines, oldest first. Two queries in one read-only transaction: both see the same
     * snapshot of the same replica, so every order comes with all of its lines.
     */
    @Transactional(readOnly = true)
    public List<Order> orderHistory(int customerId) {
        Map<Long, List<Order.Line>> linesByOrder = new HashMap<>();
        RowCallbackHandler line = rows -> linesByOrder
                .computeIfAbsent(rows.getLong("order_id"), id -> new ArrayList<>())
                .add(new Order.Line(rows.getInt("product_id"), rows.getInt("quantity"), rows.getBigDecimal("price")));
        jdbc.query("SELECT l.order_id, l.product_id, l.quantity, l.price FROM order_lines l"
                + " JOIN orders o ON o.id = l.order_id WHERE o.customer_id = ? ORDER BY l.order_id, l.product_id",
                line, customerId);
        return jdbc.query("SELECT id, customer_id, created_at, total FROM orders WHERE customer_id = ? ORDER BY id",
                (rows, n) -> new Order(rows.getLong("id"), rows.getInt("customer_id"),
                        rows.getObject("created_at", LocalDateTime.class), rows.getBigDecimal("total"),
                        List.copyOf(linesByOrder.getOrDefault(rows.getLong("id"), List.of()))),
                customerId);
    }

    /**
     * Places an order and takes its items out of stock, all or nothing, and returns the order's id.
     *
     * @throws IllegalArgumentException if a product does not exist
     * @throws OutOfStockException if a product has too few in stock; nothing is changed then
     */
    @Transactional
    public long placeOrder(int customerId, List<CartItem> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one item");
        }
        // Take stock in product id order, so that two orders for the same products cannot deadlock. The UPDATE checks
        // and takes the stock at once, and locks the row until the order commits.
        record Priced(CartItem item, BigDecimal price) {
        }
        List<Priced> priced = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (CartItem item : items.stream().sorted(Comparator.comparingInt(CartItem::productId)).toList()) {
            int taken = jdbc.update("UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?",
                    item.quantity(), item.productId(), item.quantity());
            if (taken == 0) {
                throw exists(item.productId()) ? new OutOfStockException(item.productId(), item.quantity())
                        : new IllegalArgumentException("no product " + item.productId());
            }
            BigDecimal price = jdbc.queryForObject("SELECT price FROM products WHERE id = ?", BigDecimal.class,
                    item.productId());
            priced.add(new Priced(item, price));
            total = total.add(price.multiply(BigDecimal.valueOf(item.quantity())));
        }
        long orderId = insertOrder(customerId, total);
        jdbc.batchUpdate("INSERT INTO order_lines (order_id, product_id, quantity, price) VALUES (?, ?, ?, ?)",
                priced.stream().map(p -> new Object[] {orderId, p.item().productId(), p.item().quantity(), p.price()})
                        .toList());
        return orderId;
    }

    private boolean exists(int productId) {
        return !jdbc.queryForList("SELECT 1 FROM products WHERE id = ?", Integer.class, productId).isEmpty();
    }

    private long insertOrder(int customerId, BigDecimal total) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO orders (customer_id, total) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS);
            insert.setInt(1, customerId);
            insert.setBigDecimal(2, total);
            return insert;
        }, key);
        return Objects.requireNonNull(key.getKey(), "no generated order id").longValue();
    }
}
