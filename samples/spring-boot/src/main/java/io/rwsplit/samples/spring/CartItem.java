package io.rwsplit.samples.spring;

/** A product and how many of it a customer orders. */
public record CartItem(int productId, int quantity) {

    public CartItem {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be > 0, got " + quantity);
        }
    }
}
