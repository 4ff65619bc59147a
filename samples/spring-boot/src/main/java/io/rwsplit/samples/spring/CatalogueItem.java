package io.rwsplit.samples.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A product as JPA maps it: the same {@code products} table the JDBC side of the shop reads. */
@Entity
@Table(name = "products")
public class CatalogueItem {

    @Id
    private Integer id;
    private String name;
    private BigDecimal price;
    private int stock;

    /** For JPA. */
    protected CatalogueItem() {
    }

    public Integer getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public int getStock() {
        return stock;
    }

    void addStock(int quantity) {
        stock += quantity;
    }
}
