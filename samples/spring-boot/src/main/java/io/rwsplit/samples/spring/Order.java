package io.rwsplit.samples.spring;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/** A placed order and its lines. */
public record Order(long id, int customerId, LocalDateTime createdAt, BigDecimal total, List<Line> lines) {

    /** One product of an order, at the price it was sold for. */
    public record Line(int productId, int quantity, BigDecimal price) {
    }
}
