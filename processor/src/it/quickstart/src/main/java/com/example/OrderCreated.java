package com.example;

public record OrderCreated(String orderId, long amountCents) {}
