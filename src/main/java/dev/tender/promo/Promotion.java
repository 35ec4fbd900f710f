package dev.tender.promo;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An automatic promotion, as an operator created it: it applies to every cart it fits, with no code to
 * enter. Money in paise, percentages in basis points.
 *
 * <ul>
 *   <li>{@link Type#PERCENT_OFF_ABOVE}: {@code percentBps} off the cart's pre-tax value once its subtotal (after
 *       buy-x-get-y) reaches {@code minimumSubtotal}, capped by {@code maximumDiscount} (null = no cap);</li>
 *   <li>{@link Type#BUY_X_GET_Y}: in a cart line of {@code productId} (and {@code variantId}, or any of its
 *       variants if null), of every {@code buyQuantity + getQuantity} units {@code getQuantity} are free.</li>
 * </ul>
 *
 * @param id upper case, {@code [A-Z0-9_-]{1,40}}, the aggregate key
 * @param startsAt when it starts to apply (set to the creation time when the operator gives none)
 * @param expiresAt when it stops applying (null = never)
 * @param disabled an operator switched it off for good
 */
public record Promotion(String id, String name, Type type, int percentBps, long minimumSubtotal, Long maximumDiscount,
                        String productId, String variantId, int buyQuantity, int getQuantity, Instant startsAt, Instant expiresAt,
                        boolean disabled) {
  public static final Pattern ID = Pattern.compile("[A-Z0-9_-]{1,40}");
  public static final int BPS_PER_WHOLE = 10_000;

  public enum Type {
    PERCENT_OFF_ABOVE("percent-off-above", "discount"), BUY_X_GET_Y("buy-x-get-y", "buy-x-get-y");

    /** How the admin API names it. */
    public final String wire;
    /** The storefront's promotion_type. */
    public final String storefront;

    Type(String wire, String storefront) {
      this.wire = wire;
      this.storefront = storefront;
    }
  }

  public Promotion {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a promotion id is 1 to 40 of A-Z, 0-9, - and _");
    }
    if (name == null || type == null) {
      throw new IllegalArgumentException("a promotion has a name and a type");
    }
    if (startsAt != null && expiresAt != null && !expiresAt.isAfter(startsAt)) {
      throw new IllegalArgumentException("a promotion expires after it starts");
    }
    switch (type) {
      case PERCENT_OFF_ABOVE -> {
        if (percentBps <= 0 || percentBps > BPS_PER_WHOLE || minimumSubtotal < 0 || (maximumDiscount != null && maximumDiscount <= 0)
            || productId != null || variantId != null || buyQuantity != 0 || getQuantity != 0) {
          throw new IllegalArgumentException("a percent-off-above promotion has a percentage in (0, 100], a minimum >= 0 and no product");
        }
      }
      case BUY_X_GET_Y -> {
        if (productId == null || buyQuantity < 1 || getQuantity < 1 || percentBps != 0 || minimumSubtotal != 0
            || maximumDiscount != null) {
          throw new IllegalArgumentException("a buy-x-get-y promotion has a product and quantities >= 1, and no percentage");
        }
      }
    }
  }

  public static Promotion percentOffAbove(String id, String name, int percentBps, long minimumSubtotal, Long maximumDiscount,
                                          Instant startsAt, Instant expiresAt) {
    return new Promotion(id, name, Type.PERCENT_OFF_ABOVE, percentBps, minimumSubtotal, maximumDiscount, null, null, 0, 0, startsAt,
        expiresAt, false);
  }

  public static Promotion buyXGetY(String id, String name, String productId, String variantId, int buyQuantity, int getQuantity,
                                   Instant startsAt, Instant expiresAt) {
    return new Promotion(id, name, Type.BUY_X_GET_Y, 0, 0, null, productId, variantId, buyQuantity, getQuantity, startsAt, expiresAt,
        false);
  }

  /** Ids are case-insensitive: stored and addressed upper case. */
  public static String normalise(String id) {
    return id.trim().toUpperCase(Locale.ROOT);
  }

  /** Not disabled and {@code startsAt <= now < expiresAt}. */
  public boolean activeAt(Instant now) {
    return !disabled && (startsAt == null || !now.isBefore(startsAt)) && (expiresAt == null || now.isBefore(expiresAt));
  }

  /** For a buy-x-get-y: whether a cart line of this unit is one it applies to. */
  public boolean covers(String lineProductId, String lineVariantId) {
    return type == Type.BUY_X_GET_Y && productId.equals(lineProductId) && (variantId == null || variantId.equals(lineVariantId));
  }

  /** For a buy-x-get-y: the free units among {@code units}: {@code getQuantity} of every {@code buyQuantity + getQuantity}. */
  public long freeUnits(long units) {
    return type != Type.BUY_X_GET_Y || units <= 0 ? 0 : units / ((long) buyQuantity + getQuantity) * getQuantity;
  }

  public Promotion disabling() {
    return new Promotion(id, name, type, percentBps, minimumSubtotal, maximumDiscount, productId, variantId, buyQuantity, getQuantity,
        startsAt, expiresAt, true);
  }

  /** With {@code at} as its start if it has none. */
  public Promotion startingBy(Instant at) {
    return startsAt != null ? this : new Promotion(id, name, type, percentBps, minimumSubtotal, maximumDiscount, productId, variantId,
        buyQuantity, getQuantity, at, expiresAt, disabled);
  }
}
