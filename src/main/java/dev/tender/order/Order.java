package dev.tender.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order: a frozen copy of the cart it was placed from, the stored-value holds that pay part of it,
 * and its gateway payment attempts. Its one writer is the order partition that owns its number.
 *
 * @param cartUpdatedAt the cart's last change when it was ordered: a retry for the same unchanged cart is this order
 * @param placementTry counts placements of this number; a placement that was abandoned may be tried again, under new hold ids
 * @param toBePaid what the gateway must take (the cart's {@code to_be_paid}), minor units
 * @param snapshot the order's frozen fields as a JSON object (items, totals, addresses), rendered when it was placed
 * @param journal what happened to the order that did not change it (refused or late callbacks), newest last, bounded
 */
public record Order(
    String number,
    String owner,
    String cartId,
    Instant cartUpdatedAt,
    Status status,
    PaymentStatus paymentStatus,
    Instant createdAt,
    Instant updatedAt,
    int placementTry,
    long grandTotal,
    long toBePaid,
    int pointsEarned,
    String couponCode,
    Payer payer,
    List<Hold> holds,
    List<Attempt> attempts,
    String snapshot,
    String failure,
    Instant paidAt,
    Instant holdsExpireAt,
    String cancellationReason,
    List<String> journal) {

  public static final int JOURNAL_SIZE = 50;

  public enum Status {
    /** Never placed. */
    NONE,
    /** Holds are being taken; not visible to the shopper. */
    PLACING,
    /** A placement that failed or ran out of time; its holds were given back. Not visible to the shopper. */
    ABORTED,
    /** Placed, waiting for the gateway payment. */
    PENDING,
    CONFIRMED,
    CANCELLED
  }

  public enum PaymentStatus { PENDING, SUCCESS, FAILED }

  /** Who pays, as the gateway needs them (from the billing address). */
  public record Payer(String firstName, String lastName, String email, String phone) {}

  public enum Tender { GIFT_CARD, STORE_CREDIT, LOYALTY_POINTS }

  public enum HoldState { PLANNED, HELD, CAPTURED, RELEASED, REFUNDED }

  /**
   * Stored value set aside for the order.
   *
   * @param amount in the account's unit (minor units, or points)
   * @param value what it pays, minor units
   */
  public record Hold(Tender tender, String walletKey, String holdId, long amount, long value, HoldState state) {
    public Hold withState(HoldState s) {
      return new Hold(tender, walletKey, holdId, amount, value, s);
    }
  }

  public enum AttemptStatus { PENDING, SUCCESS, FAILED, VOID }

  /** One gateway payment request (PayU's txnid) and what the gateway said about it. */
  public record Attempt(String txnid, long amount, Instant requestedAt, AttemptStatus status, String gatewayReference,
                        String mode, Instant settledAt, String note) {
    Attempt settled(AttemptStatus s, String reference, String mode, Instant at, String note) {
      return new Attempt(txnid, amount, requestedAt, s, reference, mode, at, note);
    }
  }

  public static Order none(String number) {
    return new Order(number, null, null, null, Status.NONE, PaymentStatus.PENDING, null, null, 0, 0, 0, 0, null,
        new Payer("", "", "", ""), List.of(), List.of(), null, null, null, null, null, List.of());
  }

  /** Whether the shopper sees it (placing and abandoned placements are not orders yet). */
  public boolean visible() {
    return status == Status.PENDING || status == Status.CONFIRMED || status == Status.CANCELLED;
  }

  public Attempt currentAttempt() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
  }

  public String couponReservationId() {
    return number + "/" + placementTry;
  }

  public long amountPaid() {
    long paid = 0;
    for (Attempt a : attempts) {
      if (a.status() == AttemptStatus.SUCCESS) {
        paid += a.amount();
      }
    }
    return paid;
  }

  public boolean cancellable() {
    return status == Status.PENDING || status == Status.CONFIRMED;
  }

  Builder edit() {
    return new Builder(this);
  }

  /** Order is wide; edits go through this copy so each change names only what it changes. */
  static final class Builder {
    Status status;
    PaymentStatus paymentStatus;
    Instant updatedAt;
    List<Hold> holds;
    List<Attempt> attempts;
    String failure;
    Instant paidAt;
    String cancellationReason;
    List<String> journal;
    private final Order o;

    private Builder(Order o) {
      this.o = o;
      status = o.status;
      paymentStatus = o.paymentStatus;
      updatedAt = o.updatedAt;
      holds = o.holds;
      attempts = o.attempts;
      failure = o.failure;
      paidAt = o.paidAt;
      cancellationReason = o.cancellationReason;
      journal = o.journal;
    }

    Builder note(Instant at, String what) {
      List<String> next = new ArrayList<>(journal);
      next.add(at + " " + what);
      journal = List.copyOf(next.size() > JOURNAL_SIZE ? next.subList(next.size() - JOURNAL_SIZE, next.size()) : next);
      return this;
    }

    Builder replaceAttempt(Attempt a) {
      List<Attempt> next = new ArrayList<>(attempts);
      next.set(next.size() - 1, a);
      attempts = List.copyOf(next);
      return this;
    }

    Builder addAttempt(Attempt a) {
      List<Attempt> next = new ArrayList<>(attempts);
      next.add(a);
      attempts = List.copyOf(next);
      return this;
    }

    Order build() {
      return new Order(o.number, o.owner, o.cartId, o.cartUpdatedAt, status, paymentStatus, o.createdAt, updatedAt,
          o.placementTry, o.grandTotal, o.toBePaid, o.pointsEarned, o.couponCode, o.payer, holds, attempts, o.snapshot,
          failure, paidAt, o.holdsExpireAt, cancellationReason, journal);
    }
  }
}
