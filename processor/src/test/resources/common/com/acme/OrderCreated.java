package com.acme;

import java.util.List;

public record OrderCreated(String orderId, Customer customer, long amountCents, List<OrderLine> lines) {}
