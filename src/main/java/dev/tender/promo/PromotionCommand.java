package dev.tender.promo;

/** Commands to one promotion, addressed by its id. */
public sealed interface PromotionCommand {
  String id();

  sealed interface Mutation extends PromotionCommand {}

  /** Creates it; a promotion without a start starts when this is decided. */
  record Create(String id, Promotion promotion) implements Mutation {}

  /** Switches it off for good (disabling a disabled one answers it unchanged). */
  record Disable(String id) implements Mutation {}

  record Get(String id) implements PromotionCommand {}
}
