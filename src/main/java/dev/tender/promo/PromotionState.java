package dev.tender.promo;

/**
 * The promotion kind's aggregate: one promotion by id, or none yet.
 *
 * @param promotion null if no promotion has this id
 */
public record PromotionState(String id, Promotion promotion) {
  public static PromotionState none(String id) {
    return new PromotionState(id, null);
  }

  public boolean exists() {
    return promotion != null;
  }
}
