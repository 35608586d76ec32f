package com.acme;

public record Customer(String id, String name) {}
