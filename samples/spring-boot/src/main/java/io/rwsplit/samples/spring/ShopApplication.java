package io.rwsplit.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop on Spring Boot: JdbcTemplate, HikariCP and {@code @Transactional}, as any Spring app is written.
 * Nothing in its code knows about read/write splitting; the datasource URL in {@code application.properties} decides
 * that read-only transactions run on replicas.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
