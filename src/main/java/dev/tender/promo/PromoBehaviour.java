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
  /**
   * The coupon's one reservation timer: due at or before its earliest open reservation's expiry, it releases
   * what has expired and sets itself for the next. Only a reservation expiring before it moves it, so a flash
   * sale's reservations, confirms and releases write no timer rows.
   */
  static final String RESERVATIONS_TIMER = "reservations";
  /** Reservations one firing releases at most; the timer comes back at once for the rest. */
  static final int RELEASES_PER_FIRING = 256;
  /** A timer per reservation, as coupons written before {@link #RESERVATIONS_TIMER} still have. */
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
        yield Decision.persist(next, view(next)); // the timer stays: when it fires it finds this one gone
      }
      case PromoCommand.GiveBack g -> !s.confirmedBefore(g.orderId())
          ? reject(Reason.RESERVATION_NOT_FOUND, "no confirmed use of " + s.code() + " for order " + g.orderId() + " to give back")
          : persist(s.givingBack(g.orderId(), g.customerId()));
      case PromoCommand.Release r -> {
        if (!s.reservations().containsKey(r.orderId())) {
          yield reject(Reason.RESERVATION_NOT_FOUND, "no open use of " + s.code() + " for order " + r.orderId());
        }
        CouponState next = s.releasing(r.orderId());
        yield Decision.persist(next, view(next));
      }
    };
  }

  @Override
  public Decision<CouponState, PromoReply> onTimer(CouponState s, String timer, DecisionContext ctx) {
    if (timer.equals(RESERVATIONS_TIMER)) {
      return releaseExpired(s, ctx.now());
    }
    String orderId = timer.startsWith(RESERVATION_TIMER) ? timer.substring(RESERVATION_TIMER.length()) : null;
    if (orderId == null || !s.reservations().containsKey(orderId)) {
      return Decision.none(); // confirmed or released meanwhile
    }
    return Decision.persist(s.releasing(orderId), null);
  }

  /**
   * The reservation timer fired: releases the reservations expired by now (earliest first, at most
   * {@link #RELEASES_PER_FIRING}), then sets the timer for the earliest still open, or records that none is
   * set (the firing deleted its row).
   */
  private static Decision<CouponState, PromoReply> releaseExpired(CouponState s, Instant now) {
    CouponState next = s;
    for (String orderId : s.expiredBy(now, RELEASES_PER_FIRING)) {
      next = next.releasing(orderId);
    }
    Instant earliest = next.earliestExpiry();
    if (earliest != null && earliest.isBefore(now)) {
      earliest = now; // more expired than one firing releases: again at once
    }
    Decision<CouponState, PromoReply> d = Decision.persist(next.withReservationsDue(earliest), null);
    return earliest == null ? d : d.setTimer(RESERVATIONS_TIMER, earliest);
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
    if (next.reservationsDue() != null && !r.expiresAt().isBefore(next.reservationsDue())) {
      return Decision.persist(next, view(next)); // the timer comes first; when it fires it sets itself again
    }
    // At the earliest open reservation: with no timer recorded, older ones may be open (a coupon written
    // before the one timer, whose own timers fire as well).
    Instant due = next.earliestExpiry();
    return Decision.<CouponState, PromoReply>persist(next.withReservationsDue(due), view(next)).setTimer(RESERVATIONS_TIMER, due);
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
