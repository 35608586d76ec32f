package io.steadfast.spring.it.jpa;

import io.steadfast.spring.it.InjectedFailures;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** A billing service whose handler saves payments with Spring Data JPA (Hibernate). */
@SpringBootApplication
@Import(InjectedFailures.class)
public class JpaBillingApp {}
