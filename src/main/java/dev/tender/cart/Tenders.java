package dev.tender.cart;

import dev.tender.promo.Coupon;
import java.util.ArrayList;
import java.util.List;

/**
 * What a shopper applied to the cart besides its items: a coupon (a discount) and what to pay with
 * besides the gateway (loyalty points, store credit, gift cards). Applying checks the coupon or the
 * balance but reserves and holds nothing (that happens when an order is placed); the cart's pricing
 * caps each payment at what is left to pay, in this order: points, credit, gift cards.
 *
 * @param coupon the coupon as it was when applied (null = none)
 * @param loyaltyPoints points to redeem (0 = none)
 * @param creditRequested store credit asked for, minor units (0 = none)
 * @param giftCards in the order they were applied
 */
public record Tenders(Coupon coupon, int loyaltyPoints, long creditRequested, List<GiftCard> giftCards) {
  public static final Tenders NONE = new Tenders(null, 0, 0, List.of());
  public static final int MAX_GIFT_CARDS = 5;

  /**
   * A gift card applied to the cart: its number, the amount asked for (null = as much as it covers)
   * and its available balance when it was applied.
   */
  public record GiftCard(String number, Long requested, long balance) {}

  public Tenders {
    giftCards = List.copyOf(giftCards);
  }

  /** Payments only. */
  public Tenders(int loyaltyPoints, long creditRequested, List<GiftCard> giftCards) {
    this(null, loyaltyPoints, creditRequested, giftCards);
  }

  public Tenders withCoupon(Coupon c) {
    return new Tenders(c, loyaltyPoints, creditRequested, giftCards);
  }

  public Tenders withLoyaltyPoints(int points) {
    return new Tenders(coupon, points, creditRequested, giftCards);
  }

  public Tenders withCredit(long minor) {
    return new Tenders(coupon, loyaltyPoints, minor, giftCards);
  }

  /** Applies a card; applying the same number again replaces it in its place. */
  public Tenders withGiftCard(GiftCard card) {
    List<GiftCard> next = new ArrayList<>(giftCards.size() + 1);
    boolean replaced = false;
    for (GiftCard g : giftCards) {
      if (g.number().equals(card.number())) {
        next.add(card);
        replaced = true;
      } else {
        next.add(g);
      }
    }
    if (!replaced) {
      next.add(card);
    }
    return new Tenders(coupon, loyaltyPoints, creditRequested, next);
  }

  public Tenders withoutGiftCard(String number) {
    return new Tenders(coupon, loyaltyPoints, creditRequested, giftCards.stream().filter(g -> !g.number().equals(number)).toList());
  }

  public boolean hasGiftCard(String number) {
    return giftCards.stream().anyMatch(g -> g.number().equals(number));
  }
}
