package io.rwsplit.samples.spring;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's repository of catalogue items. */
public interface CatalogueItems extends JpaRepository<CatalogueItem, Integer> {

    Optional<CatalogueItem> findByName(String name);
}
