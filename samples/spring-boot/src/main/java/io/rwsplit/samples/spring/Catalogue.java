package io.rwsplit.samples.spring;

import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalogue through Spring Data JPA, written as most apps write services: plain {@code @Transactional}, never
 * marked read-only. With {@code rwsplit.optimisticTransactions=true} a method that only reads runs on a replica; one
 * that writes starts there too and moves to the primary at its first write. Not final: Spring subclasses it.
 */
@Service
public class Catalogue {

    private final CatalogueItems items;

    public Catalogue(CatalogueItems items) {
        this.items = items;
    }

    @Transactional
    public Optional<CatalogueItem> item(String name) {
        return items.findByName(name);
    }

    /**
     * Adds to an item's stock and returns the new stock: a read, then (at commit) an update.
     *
     * @throws IllegalArgumentException if there is no such item
     */
    @Transactional
    public int restock(String name, int quantity) {
        CatalogueItem item = items.findByName(name)
                .orElseThrow(() -> new IllegalArgumentException("no item named " + name));
        item.addStock(quantity);
        return item.getStock();
    }
}
