package dev.tender.order;

import java.util.List;

/**
 * Commands to one order, addressed by its number. Mutations are idempotent by request id; placement
 * steps are also idempotent by state (beginning a placement that is under way, or placing an order
 * that is placed, answers the order as it is).
 */
public sealed interface OrderCommand {
  String number();

  sealed interface Mutation extends OrderCommand {}

  /**
   * What a placement needs from the cart, frozen: amounts in minor units, the holds to take (their ids
   * are the order's to give), and the order's JSON fields.
   */
  record Placement(String owner, String cartId, java.time.Instant cartUpdatedAt, long grandTotal, long toBePaid,
                   int pointsEarned, String couponCode, Order.Payer payer, List<Order.Hold> holds, String snapshot) {}

  /** Starts (or resumes) placing the order; the placement is abandoned, and its holds released, if not finished in time. */
  record Begin(String number, Placement placement) implements Mutation {}

  /** Every hold and the coupon use were taken: the order exists, and its first payment attempt with it. */
  record Place(String number) implements Mutation {}

  /** A step of the placement failed: give back what it took. */
  record Abort(String number, String reason) implements Mutation {}

  /** The order; {@code owner} null for operators, else only the owner's (others' look unknown). */
  record Get(String number, String owner) implements OrderCommand {}

  /** A gateway callback whose signature was verified: {@code status} success, failure or pending. */
  record Callback(String number, String txnid, String status, long amount, String gatewayReference, String mode,
                  String error) implements Mutation {}

  /** A callback that failed verification, recorded with the order it named. */
  record RecordRefusedCallback(String number, String txnid, String why) implements Mutation {}

  /** A new payment attempt (new txnid) for an unpaid order, when the rule allows it. */
  record RetryPayment(String number, String owner) implements Mutation {}

  /** The shopper gave up on the open attempt: it fails, and a retry is allowed at once. */
  record CancelPaymentRequest(String number, String owner) implements Mutation {}

  /** Cancels the order: holds released, captured value refunded, points restored. */
  record Cancel(String number, String owner, String reason) implements Mutation {}
}
