package dev.tender.cart;

/** A product (and variant) the shopper saved for later. */
public record WishlistEntry(String productId, String variantId) {}
