package io.steadfast.spring.it.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data repository of payments. */
public interface PaymentRepository extends JpaRepository<Payment, Long> {}
