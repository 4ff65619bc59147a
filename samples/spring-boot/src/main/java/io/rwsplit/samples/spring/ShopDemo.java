package io.rwsplit.samples.spring;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * What the app does when started: browses the catalogue, places an order and shows the customer's order history.
 * {@code shop.demo=false} turns it off.
 */
@Component
@ConditionalOnProperty(name = "shop.demo", havingValue = "true", matchIfMissing = true)
final class ShopDemo implements CommandLineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ShopDemo.class);
    private static final int CUSTOMER = 42;

    private final Shop shop;

    ShopDemo(Shop shop) {
        this.shop = shop;
    }

    @Override
    public void run(String... args) {
        List<Product> page = shop.catalogue(0, 5);
        LOG.info("Catalogue, first page:");
        page.forEach(product -> LOG.info("  #{} {}: {} ({} in stock)", product.id(), product.name(), product.price(),
                product.stock()));
        if (page.size() < 2) {
            LOG.warn("The catalogue has fewer than 2 products: no order placed");
            return;
        }
        long orderId = shop.placeOrder(CUSTOMER, List.of(new CartItem(page.get(0).id(), 2),
                new CartItem(page.get(1).id(), 1)));
        LOG.info("Placed order {} for customer {}", orderId, CUSTOMER);
        List<Order> history = shop.orderHistory(CUSTOMER);
        LOG.info("Order history of customer {}: {} order(s)", CUSTOMER, history.size());
        history.forEach(order -> LOG.info("  order {} at {}: total {}, {} line(s)", order.id(), order.createdAt(),
                order.total(), order.lines().size()));
    }
}
