package io.rwsplit.samples.spring;

import java.math.BigDecimal;

/** A product of the catalogue. */
public record Product(int id, String name, BigDecimal price, int stock) {
}
