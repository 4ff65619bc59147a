package io.rwsplit.samples.spring;

/** An order asked for more of a product than is in stock; the order was not placed. */
public final class OutOfStockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutOfStockException(int productId, int quantity) {
        super("product " + productId + ": fewer than " + quantity + " in stock");
    }
}
