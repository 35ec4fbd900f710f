package dev.tender.cart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cart aggregate: an immutable value. Only the partition actor that owns the cart's owner
 * creates new versions of it. Nullable: addresses, fulfillment (until set).
 */
public record Cart(
    CartId id,
    UserId owner,
    List<CartLine> lines,
    Address billingAddress,
    Address shippingAddress,
    FulfillmentPreference fulfillment,
    Map<String, String> metadata,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt,
    Tenders tenders) {

  /** A cart without tenders. */
  public Cart(CartId id, UserId owner, List<CartLine> lines, Address billingAddress, Address shippingAddress,
              FulfillmentPreference fulfillment, Map<String, String> metadata, Instant createdAt, Instant updatedAt, Instant expiresAt) {
    this(id, owner, lines, billingAddress, shippingAddress, fulfillment, metadata, createdAt, updatedAt, expiresAt, Tenders.NONE);
  }

  public static Cart open(CartId id, UserId owner, Instant now, Instant expiresAt) {
    return new Cart(id, owner, List.of(), null, null, null, Map.of(), now, now, expiresAt);
  }

  public Cart withTenders(Tenders t) {
    return new Cart(id, owner, lines, billingAddress, shippingAddress, fulfillment, metadata, createdAt, updatedAt, expiresAt, t);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Sets the line's absolute quantity; 0 removes it, a new unit is appended. */
  public Cart withQuantity(String productId, String variantId, int quantity) {
    List<CartLine> next = new ArrayList<>(lines.size() + 1);
    boolean found = false;
    for (CartLine l : lines) {
      if (l.sameUnit(productId, variantId)) {
        found = true;
        if (quantity > 0) {
          next.add(new CartLine(productId, variantId, quantity));
        }
      } else {
        next.add(l);
      }
    }
    if (!found && quantity > 0) {
      next.add(new CartLine(productId, variantId, quantity));
    }
    return new Cart(id, owner, List.copyOf(next), billingAddress, shippingAddress, fulfillment, metadata,
        createdAt, updatedAt, expiresAt, tenders);
  }

  public Cart withAddresses(Address billing, Address shipping) {
    return new Cart(id, owner, lines, billing, shipping, fulfillment, metadata, createdAt, updatedAt, expiresAt, tenders);
  }

  public Cart withFulfillment(FulfillmentPreference preference) {
    return new Cart(id, owner, lines, billingAddress, shippingAddress, preference, metadata, createdAt, updatedAt, expiresAt, tenders);
  }

  public Cart withMetadata(Map<String, String> metadata) {
    return new Cart(id, owner, lines, billingAddress, shippingAddress, fulfillment, Map.copyOf(metadata),
        createdAt, updatedAt, expiresAt, tenders);
  }

  /** No lines, and nothing to pay with: an emptied cart has nothing left to pay. */
  public Cart emptied() {
    return new Cart(id, owner, List.of(), billingAddress, shippingAddress, fulfillment, metadata, createdAt, updatedAt, expiresAt,
        Tenders.NONE);
  }

  /** Stamps a change: every mutation pushes the expiry out again. */
  public Cart touched(Instant now, Instant newExpiry) {
    return new Cart(id, owner, lines, billingAddress, shippingAddress, fulfillment, metadata, createdAt, now, newExpiry, tenders);
  }
}
