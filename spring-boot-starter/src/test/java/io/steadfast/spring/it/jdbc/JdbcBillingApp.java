package io.steadfast.spring.it.jdbc;

import io.steadfast.spring.it.InjectedFailures;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** A billing service whose handler writes payments with JdbcTemplate. */
@SpringBootApplication
@Import(InjectedFailures.class)
public class JdbcBillingApp {}
