package dev.tender.promo;

import dev.tender.cluster.Kind;
import dev.tender.cluster.KindRuntime;

/**
 * The promo kind: coupons keyed by code. A coupon's uses are counted by its one owner, so usage
 * limits are exact under any concurrency; a hot code is a hot aggregate whose reservations are
 * group-committed together.
 */
public final class PromoKind {
  public static final String NAME = "promo";
  public static final Kind<PromoCommand, PromoReply> KIND =
      new Kind<>(NAME, PromoCommand::code, c -> c instanceof PromoCommand.Mutation, PromoWire.COMMANDS, PromoWire.REPLIES);

  private PromoKind() {}

  public static KindRuntime<CouponState, PromoCommand, PromoReply> runtime(CouponStore store) {
    return new KindRuntime<>(KIND, new PromoBehaviour(), store);
  }

  /** Codes are case-insensitive: stored and addressed upper case. */
  public static String normalise(String code) {
    return code.trim().toUpperCase(java.util.Locale.ROOT);
  }
}
