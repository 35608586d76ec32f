package com.acme;

public record OrderLine(String sku, int quantity) {}
