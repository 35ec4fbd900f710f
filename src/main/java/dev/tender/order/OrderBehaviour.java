package dev.tender.order;

import dev.tender.cart.CartCommand;
import dev.tender.cart.CartReply;
import dev.tender.cart.CartId;
import dev.tender.cart.UserId;
import dev.tender.cluster.Behaviour;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.cluster.Kind;
import dev.tender.order.Order.Attempt;
import dev.tender.order.Order.AttemptStatus;
import dev.tender.order.Order.Hold;
import dev.tender.order.Order.HoldState;
import dev.tender.order.Order.PaymentStatus;
import dev.tender.order.Order.Status;
import dev.tender.order.OrderReply.Reason;
import dev.tender.order.OrderReply.Rejected;
import dev.tender.order.OrderReply.View;
import dev.tender.promo.PromoCommand;
import dev.tender.promo.PromoKind;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.WalletCommand;
import dev.tender.wallet.WalletKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The order's rules. Placement is a short saga whose record is here: {@code Begin} notes what will be
 * held and sets a deadline; the placing node takes the holds and the coupon use (each idempotent by an
 * id this order gave it), then {@code Place} makes the order real, or {@code Abort} (or the deadline)
 * gives everything back through the outbox. Payment callbacks, retries and cancels are serialised
 * here, so they never race; what they do to other aggregates (capture, release, refund, earn, confirm
 * the coupon use, close the cart) is sent through the outbox with the state that decided it.
 */
public final class OrderBehaviour implements Behaviour<Order, OrderCommand, OrderReply> {
  public static final String PLACING_TIMER = "placing";
  public static final String EXPIRY_TIMER = "unpaid-expiry";

  private final Kind<CartCommand, CartReply> carts;
  private final Duration placementTimeout;
  private final Duration holdTtl;
  private final Duration retryAfter;

  /**
   * @param placementTimeout how long a placement may take before it is abandoned
   * @param holdTtl how long an unpaid order keeps its holds; then it is cancelled
   * @param retryAfter how old a pending payment attempt must be before a retry is allowed
   */
  public OrderBehaviour(Kind<CartCommand, CartReply> carts, Duration placementTimeout, Duration holdTtl, Duration retryAfter) {
    this.carts = carts;
    this.placementTimeout = placementTimeout;
    this.holdTtl = holdTtl;
    this.retryAfter = retryAfter;
  }

  public Duration holdTtl() {
    return holdTtl;
  }

  /**
   * When the order's open payment attempt should be asked about at the gateway if no callback came:
   * {@code reconcileAfter} after it was requested, while the order is pending and the attempt open; null
   * otherwise. Stored with the order (the payment sweep finds orders by it) and checked by the reconciler.
   */
  public static Instant reconcileAt(Order o, Duration reconcileAfter) {
    Attempt a = o.currentAttempt();
    return o.status() == Status.PENDING && a != null && a.status() == AttemptStatus.PENDING
        ? a.requestedAt().plus(reconcileAfter) : null;
  }

  /** The gateway transaction id of an order's n-th attempt; the order number is recovered from it. */
  public static String txnid(String number, int attempt) {
    return number + "-" + attempt;
  }

  /** The order number a txnid belongs to, or null if it is not one of ours. */
  public static String numberOfTxnid(String txnid) {
    int dash = txnid == null ? -1 : txnid.lastIndexOf('-');
    return dash <= 0 ? null : txnid.substring(0, dash);
  }

  @Override
  public Decision<Order, OrderReply> decide(Order o, OrderCommand command, DecisionContext ctx) {
    Instant now = ctx.now();
    return switch (command) {
      case OrderCommand.Begin b -> begin(o, b, now);
      case OrderCommand.Place p -> place(o, now);
      case OrderCommand.Abort a -> o.status() == Status.PLACING ? abandon(o, a.reason(), now) : Decision.reply(new View(o));
      case OrderCommand.Get g -> Decision.reply(visibleTo(o, g.owner()) ? new View(o) : notFound(o));
      case OrderCommand.Callback c -> callback(o, c, now);
      case OrderCommand.RecordRefusedCallback r -> o.status() == Status.NONE ? Decision.reply(notFound(o))
          : Decision.persist(o.edit().note(now, "refused callback " + r.txnid() + ": " + r.why()).build(),
              new Rejected(Reason.INVALID_CALLBACK, r.why()));
      case OrderCommand.RetryPayment r -> !visibleTo(o, r.owner()) ? Decision.reply(notFound(o)) : retry(o, now);
      case OrderCommand.CancelPaymentRequest c -> !visibleTo(o, c.owner()) ? Decision.reply(notFound(o)) : cancelRequest(o, now);
      case OrderCommand.Cancel c -> !visibleTo(o, c.owner()) ? Decision.reply(notFound(o)) : cancel(o, c.reason(), now);
    };
  }

  @Override
  public Decision<Order, OrderReply> onTimer(Order o, String timer, DecisionContext ctx) {
    Instant now = ctx.now();
    if (PLACING_TIMER.equals(timer) && o.status() == Status.PLACING) {
      return abandon(o, "the placement did not finish in time", now);
    }
    // The holds expire in the wallet now too, so this cannot wait for the gateway. An open attempt has by now been
    // asked about since reconcileAt (every payment sweep, see http.PaymentSweeper), so only a payment PayU could
    // not confirm for the whole hold time is cancelled here; one that arrives later is journalled "refund due".
    if (EXPIRY_TIMER.equals(timer) && o.status() == Status.PENDING && o.paymentStatus() != PaymentStatus.SUCCESS) {
      Decision<Order, OrderReply> d = cancelled(o, "payment not received in time", now);
      return new Decision<>(d.next(), null, d.sends(), d.timers());
    }
    return Decision.none();
  }

  private static boolean visibleTo(Order o, String owner) {
    return o.visible() && (owner == null || owner.equals(o.owner()));
  }

  private static OrderReply notFound(Order o) {
    return new Rejected(Reason.ORDER_NOT_FOUND, o.number());
  }

  private Decision<Order, OrderReply> begin(Order o, OrderCommand.Begin b, Instant now) {
    if (o.status() != Status.NONE && o.status() != Status.ABORTED) {
      return Decision.reply(new View(o)); // under way or done: the caller resumes or answers it
    }
    OrderCommand.Placement p = b.placement();
    int attempt = o.placementTry() + 1;
    List<Hold> holds = new ArrayList<>(p.holds().size());
    for (int i = 0; i < p.holds().size(); i++) {
      Hold h = p.holds().get(i);
      holds.add(new Hold(h.tender(), h.walletKey(), o.number() + "/" + attempt + "/" + i, h.amount(), h.value(), HoldState.PLANNED));
    }
    Order next = new Order(o.number(), p.owner(), p.cartId(), p.cartUpdatedAt(), Status.PLACING, PaymentStatus.PENDING, now, now,
        attempt, p.grandTotal(), p.toBePaid(), p.pointsEarned(), p.couponCode(), p.payer(), List.copyOf(holds), List.of(),
        p.snapshot(), null, null, now.plus(holdTtl), null, o.journal());
    if (holds.isEmpty() && p.couponCode() == null) {
      return placed(next, now); // nothing to hold: the order is placed at once, in one write instead of two
    }
    return Decision.<Order, OrderReply>persist(next, new View(next)).setTimer(PLACING_TIMER, now.plus(placementTimeout));
  }

  private Decision<Order, OrderReply> place(Order o, Instant now) {
    if (o.status() == Status.ABORTED) {
      return Decision.reply(new Rejected(Reason.PLACEMENT_ABANDONED, o.failure()));
    }
    if (o.status() != Status.PLACING) {
      return Decision.reply(o.status() == Status.NONE ? notFound(o) : new View(o));
    }
    return placed(o, now).cancelTimer(PLACING_TIMER);
  }

  /** A placing order whose holds were all taken becomes the order: attempt #1, or confirmed when nothing is left to pay. */
  private Decision<Order, OrderReply> placed(Order o, Instant now) {
    Order.Builder b = o.edit();
    b.updatedAt = now;
    b.holds = o.holds().stream().map(h -> h.withState(HoldState.HELD)).toList();
    Decision<Order, OrderReply> d;
    if (o.toBePaid() == 0) {
      b.status = Status.CONFIRMED;
      b.paymentStatus = PaymentStatus.SUCCESS;
      b.paidAt = now;
      d = settle(b, o, now);
    } else {
      b.status = Status.PENDING;
      b.addAttempt(new Attempt(txnid(o.number(), 1), o.toBePaid(), now, AttemptStatus.PENDING, null, null, null, null));
      Order next = b.build();
      d = Decision.<Order, OrderReply>persist(next, new View(next)).setTimer(EXPIRY_TIMER, o.holdsExpireAt());
    }
    return d.send(carts, new CartCommand.CheckOut(new UserId(o.owner()), new CartId(o.cartId()), o.cartUpdatedAt()));
  }

  /** Paid in full: the holds are spent, the coupon use counts, the points are earned. */
  private static Decision<Order, OrderReply> settle(Order.Builder b, Order o, Instant now) {
    List<Hold> captured = new ArrayList<>();
    List<Hold> toCapture = new ArrayList<>();
    for (Hold h : b.holds) {
      if (h.state() == HoldState.HELD) {
        toCapture.add(h);
        captured.add(h.withState(HoldState.CAPTURED));
      } else {
        captured.add(h);
      }
    }
    b.holds = List.copyOf(captured);
    Order next = b.build();
    Decision<Order, OrderReply> d = Decision.<Order, OrderReply>persist(next, new View(next)).cancelTimer(EXPIRY_TIMER);
    for (Hold h : toCapture) {
      d = d.send(WalletKind.KIND, new WalletCommand.Capture(h.walletKey(), h.holdId(), "order " + o.number()));
    }
    if (o.couponCode() != null) {
      d = d.send(PromoKind.KIND, new PromoCommand.Confirm(o.couponCode(), o.couponReservationId()));
    }
    if (o.pointsEarned() > 0) {
      d = d.send(WalletKind.KIND, new WalletCommand.Earn(AccountType.LOYALTY.key(o.owner()), o.pointsEarned(), "order " + o.number()));
    }
    return d;
  }

  /** Gives back what a placement or an unpaid order holds. */
  private static Decision<Order, OrderReply> releaseAll(Decision<Order, OrderReply> d, Order o, List<Hold> holds) {
    for (Hold h : holds) {
      if (h.state() == HoldState.PLANNED || h.state() == HoldState.HELD) {
        d = d.send(WalletKind.KIND, new WalletCommand.Release(h.walletKey(), h.holdId(), "order " + o.number()));
      }
    }
    if (o.couponCode() != null) {
      d = d.send(PromoKind.KIND, new PromoCommand.Release(o.couponCode(), o.couponReservationId()));
    }
    return d;
  }

  private static List<Hold> marked(List<Hold> holds, HoldState from1, HoldState from2, HoldState to) {
    return holds.stream().map(h -> h.state() == from1 || h.state() == from2 ? h.withState(to) : h).toList();
  }

  private Decision<Order, OrderReply> abandon(Order o, String reason, Instant now) {
    Order.Builder b = o.edit();
    b.status = Status.ABORTED;
    b.failure = reason;
    b.updatedAt = now;
    b.holds = marked(o.holds(), HoldState.PLANNED, HoldState.HELD, HoldState.RELEASED);
    Order next = b.build();
    return releaseAll(Decision.<Order, OrderReply>persist(next, new View(next)).cancelTimer(PLACING_TIMER), o, o.holds());
  }

  private Decision<Order, OrderReply> callback(Order o, OrderCommand.Callback c, Instant now) {
    if (!o.visible()) {
      return Decision.reply(new Rejected(Reason.INVALID_CALLBACK, "no such order"));
    }
    Attempt current = o.currentAttempt();
    String success = "success";
    if (current == null || !current.txnid().equals(c.txnid())) {
      boolean known = o.attempts().stream().anyMatch(a -> a.txnid().equals(c.txnid()));
      if (!known) {
        return Decision.persist(o.edit().note(now, "callback for unknown txnid " + c.txnid()).build(),
            new Rejected(Reason.INVALID_CALLBACK, "txnid is not one of this order's attempts"));
      }
      String flag = success.equals(c.status()) ? " reports money taken: refund due" : "";
      return Decision.persist(o.edit().note(now, "late callback for superseded " + c.txnid() + " (" + c.status() + ")" + flag).build(),
          new View(o));
    }
    if (c.amount() != current.amount()) {
      return Decision.persist(o.edit().note(now, "callback amount " + c.amount() + " differs from " + current.amount()).build(),
          new Rejected(Reason.INVALID_CALLBACK, "amount does not match the payment attempt"));
    }
    if (current.status() == AttemptStatus.SUCCESS) {
      return Decision.reply(new View(o)); // a replay, or a failure after the success: the money is taken
    }
    if (success.equals(c.status())) {
      Order.Builder b = o.edit();
      b.updatedAt = now;
      b.replaceAttempt(current.settled(AttemptStatus.SUCCESS, c.gatewayReference(), c.mode(), now, null));
      if (o.status() == Status.CANCELLED) {
        Order next = b.note(now, "payment " + c.txnid() + " arrived after the order was cancelled: refund due").build();
        return Decision.persist(next, new View(next));
      }
      b.status = Status.CONFIRMED;
      b.paymentStatus = PaymentStatus.SUCCESS;
      b.paidAt = now;
      return settle(b, o, now);
    }
    if ("failure".equals(c.status()) && current.status() == AttemptStatus.PENDING && o.status() == Status.PENDING) {
      Order.Builder b = o.edit();
      b.updatedAt = now;
      b.paymentStatus = PaymentStatus.FAILED;
      b.replaceAttempt(current.settled(AttemptStatus.FAILED, c.gatewayReference(), c.mode(), now, c.error()));
      Order next = b.build();
      return Decision.persist(next, new View(next));
    }
    return Decision.reply(new View(o)); // pending, or a replayed failure: nothing to change
  }

  /** Whether a new attempt may be made now: unpaid, not cancelled, and the last attempt failed or is old enough. */
  public boolean retryAllowed(Order o, Instant now) {
    if (o.status() != Status.PENDING || o.paymentStatus() == PaymentStatus.SUCCESS || o.toBePaid() == 0) {
      return false;
    }
    Attempt a = o.currentAttempt();
    return a == null || a.status() == AttemptStatus.FAILED || !now.isBefore(a.requestedAt().plus(retryAfter));
  }

  private Decision<Order, OrderReply> retry(Order o, Instant now) {
    if (!retryAllowed(o, now)) {
      return Decision.reply(new Rejected(Reason.PAYMENT_RETRY_NOT_ALLOWED, o.status() != Status.PENDING || o.paymentStatus() == PaymentStatus.SUCCESS
          ? "the order is not awaiting payment"
          : "the last payment request is still open; retry after it fails or " + retryAfter.toMinutes() + " minutes after it was made"));
    }
    Order.Builder b = o.edit();
    b.updatedAt = now;
    Attempt last = o.currentAttempt();
    if (last.status() == AttemptStatus.PENDING) {
      b.replaceAttempt(last.settled(AttemptStatus.VOID, null, null, now, "superseded by a retry"));
    }
    b.addAttempt(new Attempt(txnid(o.number(), o.attempts().size() + 1), o.toBePaid(), now, AttemptStatus.PENDING, null, null, null, null));
    b.paymentStatus = PaymentStatus.PENDING;
    Order next = b.build();
    return Decision.persist(next, new View(next));
  }

  private static Decision<Order, OrderReply> cancelRequest(Order o, Instant now) {
    Attempt a = o.currentAttempt();
    if (o.status() != Status.PENDING || a == null || a.status() != AttemptStatus.PENDING) {
      return Decision.reply(new Rejected(Reason.NO_OPEN_PAYMENT, "the order has no open payment request"));
    }
    Order.Builder b = o.edit();
    b.updatedAt = now;
    b.paymentStatus = PaymentStatus.FAILED;
    b.replaceAttempt(a.settled(AttemptStatus.FAILED, null, null, now, "cancelled by the shopper"));
    Order next = b.build();
    return Decision.persist(next, new View(next));
  }

  private static Decision<Order, OrderReply> cancel(Order o, String reason, Instant now) {
    if (!o.cancellable()) {
      return Decision.reply(new Rejected(Reason.CANCELLATION_NOT_ALLOWED, "the order is " + o.status().name().toLowerCase()));
    }
    return cancelled(o, reason, now);
  }

  /**
   * Cancels: an unpaid order gives its holds and coupon use back; a paid one refunds the stored value it
   * spent, takes back the points it earned and gives its confirmed coupon use back (the gateway's share is
   * marked for refund).
   */
  private static Decision<Order, OrderReply> cancelled(Order o, String reason, Instant now) {
    Order.Builder b = o.edit();
    b.status = Status.CANCELLED;
    b.updatedAt = now;
    b.cancellationReason = reason;
    Attempt a = o.currentAttempt();
    if (a != null && a.status() == AttemptStatus.PENDING) {
      b.replaceAttempt(a.settled(AttemptStatus.VOID, null, null, now, "order cancelled"));
    }
    Decision<Order, OrderReply> d;
    if (o.status() == Status.CONFIRMED) {
      List<Hold> refunded = marked(o.holds(), HoldState.CAPTURED, HoldState.CAPTURED, HoldState.REFUNDED);
      b.holds = refunded;
      if (o.amountPaid() > 0) {
        b.note(now, "gateway refund of " + o.amountPaid() + " due (original payment mode)");
      }
      Order next = b.build();
      d = Decision.persist(next, new View(next));
      for (Hold h : o.holds()) {
        if (h.state() == HoldState.CAPTURED) {
          d = d.send(WalletKind.KIND, new WalletCommand.Refund(h.walletKey(), h.amount(), "order " + o.number() + " cancelled"));
        }
      }
      if (o.pointsEarned() > 0) {
        d = d.send(WalletKind.KIND, new WalletCommand.Adjust(AccountType.LOYALTY.key(o.owner()), -o.pointsEarned(),
            "order " + o.number() + " cancelled: earned points taken back"));
      }
      if (o.couponCode() != null) {
        d = d.send(PromoKind.KIND, new PromoCommand.GiveBack(o.couponCode(), o.couponReservationId(), o.owner()));
      }
    } else {
      if (o.paymentStatus() != PaymentStatus.SUCCESS) {
        b.paymentStatus = PaymentStatus.FAILED;
      }
      b.holds = marked(o.holds(), HoldState.PLANNED, HoldState.HELD, HoldState.RELEASED);
      Order next = b.build();
      d = releaseAll(Decision.persist(next, new View(next)), o, o.holds());
    }
    return d.cancelTimer(EXPIRY_TIMER);
  }
}
