package dev.tender.cart;

import dev.tender.cluster.AggregateStore;

/**
 * Persistence port of the cart capability, keyed by the owner's user id; {@code store/} implements it
 * for PostgreSQL (small rows: the shopper's version, changed lines, wishlist entries) and memory.
 */
public interface ShopperStore extends AggregateStore<Shopper> {}
