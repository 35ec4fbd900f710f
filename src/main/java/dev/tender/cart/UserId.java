package dev.tender.cart;

/** The owner of carts and wishlists: the JWT {@code ulid} claim. Carts are routed by it. */
public record UserId(String value) {}
