package dev.tender.promo;

import dev.tender.cluster.Behaviour;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.promo.PromoReply.CouponView;
import dev.tender.promo.PromoReply.Reason;
import dev.tender.promo.PromoReply.Rejected;
import java.time.Instant;
import java.util.Map;

/**
 * A coupon's rules. Uses are counted by the coupon's single writer: a reservation is checked against
 * the limits and recorded in one decision, so concurrent orders can never take more uses than the
 * limit allows (no shared counter, no read-check-write on a row).
 */
public final class PromoBehaviour implements Behaviour<CouponState, PromoCommand, PromoReply> {
  static final String RESERVATION_TIMER = "reservation:";

  @Override
  public Decision<CouponState, PromoReply> decide(CouponState s, PromoCommand command, DecisionContext ctx) {
    Instant now = ctx.now();
    return switch (command) {
      case PromoCommand.Create c -> s.exists() ? reject(Reason.ALREADY_EXISTS, "coupon " + c.code() + " exists")
          : persist(new CouponState(c.code(), c.coupon(), false, 0, Map.of(), Map.of(), Map.of(), 0));
      case PromoCommand.Disable d -> !s.exists() ? invalid("unknown coupon") : persist(s.disabling());
      case PromoCommand.Get g -> !s.exists() ? invalid("unknown coupon") : Decision.reply(view(s));
      case PromoCommand.Check c -> {
        String why = unusable(s, c.customerId(), now);
        yield why != null ? invalid(why) : Decision.reply(view(s));
      }
      case PromoCommand.Reserve r -> reserve(s, r, now);
      case PromoCommand.Confirm c -> {
        CouponState.Reservation held = s.reservations().get(c.orderId());
        if (held == null && s.confirmedBefore(c.orderId())) {
          yield Decision.reply(view(s)); // confirmed before: the same answer
        }
        if (held == null) {
          yield reject(Reason.RESERVATION_NOT_FOUND, "no open use of " + s.code() + " for order " + c.orderId());
        }
        CouponState next = s.confirming(c.orderId());
        yield Decision.<CouponState, PromoReply>persist(next, view(next)).cancelTimer(RESERVATION_TIMER + c.orderId());
      }
      case PromoCommand.GiveBack g -> !s.confirmedBefore(g.orderId())
          ? reject(Reason.RESERVATION_NOT_FOUND, "no confirmed use of " + s.code() + " for order " + g.orderId() + " to give back")
          : persist(s.givingBack(g.orderId(), g.customerId()));
      case PromoCommand.Release r -> {
        if (!s.reservations().containsKey(r.orderId())) {
          yield reject(Reason.RESERVATION_NOT_FOUND, "no open use of " + s.code() + " for order " + r.orderId());
        }
        CouponState next = s.releasing(r.orderId());
        yield Decision.<CouponState, PromoReply>persist(next, view(next)).cancelTimer(RESERVATION_TIMER + r.orderId());
      }
    };
  }

  @Override
  public Decision<CouponState, PromoReply> onTimer(CouponState s, String timer, DecisionContext ctx) {
    String orderId = timer.startsWith(RESERVATION_TIMER) ? timer.substring(RESERVATION_TIMER.length()) : null;
    if (orderId == null || !s.reservations().containsKey(orderId)) {
      return Decision.none(); // confirmed or released meanwhile
    }
    return Decision.persist(s.releasing(orderId), null);
  }

  private Decision<CouponState, PromoReply> reserve(CouponState s, PromoCommand.Reserve r, Instant now) {
    if (s.reservations().containsKey(r.orderId()) || s.confirmedBefore(r.orderId())) {
      return Decision.reply(view(s)); // this order's use is already held, or was confirmed: never a second one
    }
    String why = unusable(s, r.customerId(), now);
    if (why != null) {
      return invalid(why);
    }
    if (r.expiresAt() == null || !r.expiresAt().isAfter(now)) {
      return invalid("a reservation expires in the future"); // without an expiry it would hold a use for good
    }
    CouponState next = s.reserving(new CouponState.Reservation(r.orderId(), r.customerId(), r.expiresAt()));
    return Decision.<CouponState, PromoReply>persist(next, view(next)).setTimer(RESERVATION_TIMER + r.orderId(), r.expiresAt());
  }

  /** Why this customer cannot use the coupon now, or null. */
  public static String unusable(CouponState s, String customerId, Instant now) {
    return unusable(s.summary(customerId), customerId, now);
  }

  /** Why this customer ({@code s} counting their uses) cannot use the coupon now, or null. */
  public static String unusable(CouponSummary s, String customerId, Instant now) {
    if (!s.exists()) {
      return "unknown coupon";
    }
    Coupon c = s.coupon();
    if (s.disabled()) {
      return "the coupon is disabled";
    }
    if (!c.activeAt(now)) {
      return "the coupon is not valid now";
    }
    if (customerId == null && (!c.customerIds().isEmpty() || c.perCustomerLimit() != null)) {
      return "the coupon needs a known customer";
    }
    if (!c.usableBy(customerId)) {
      return "the coupon is not for this customer";
    }
    if (c.totalLimit() != null && s.confirmed() + s.reserved() >= c.totalLimit()) {
      return "the coupon has been used up";
    }
    if (c.perCustomerLimit() != null && s.usesByCustomer() >= c.perCustomerLimit()) {
      return "you have used this coupon as often as it allows";
    }
    return null;
  }

  private CouponView view(CouponState s) {
    return s.view();
  }

  private Decision<CouponState, PromoReply> persist(CouponState next) {
    return Decision.persist(next, view(next));
  }

  private static Decision<CouponState, PromoReply> invalid(String why) {
    return reject(Reason.INVALID_COUPON, why);
  }

  private static Decision<CouponState, PromoReply> reject(Reason reason, String detail) {
    return Decision.reply(new Rejected(reason, detail));
  }
}
