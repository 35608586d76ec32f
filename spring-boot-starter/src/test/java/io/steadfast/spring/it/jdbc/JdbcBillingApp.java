package io.steadfast.spring.it.jdbc;

import io.steadfast.spring.it.InjectedFailures;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A billing service whose handler writes payments with JdbcTemplate; its transaction manager is
 * Boot's DataSourceTransactionManager (JPA, on the test classpath for the JPA test, is left out).
 */
@SpringBootApplication(
    exclude = {HibernateJpaAutoConfiguration.class, JpaRepositoriesAutoConfiguration.class})
@Import(InjectedFailures.class)
public class JdbcBillingApp {}
