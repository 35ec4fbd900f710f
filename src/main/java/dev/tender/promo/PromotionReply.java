package dev.tender.promo;

/** What a promotion answers. */
public sealed interface PromotionReply {
  record View(Promotion promotion) implements PromotionReply {}

  record Rejected(Reason reason, String detail) implements PromotionReply {}

  enum Reason { NOT_FOUND, ALREADY_EXISTS, ALREADY_EXPIRED }
}
