package dev.tender.order;

/** What an order answers. */
public sealed interface OrderReply {
  record View(Order order) implements OrderReply {}

  record Rejected(Reason reason, String detail) implements OrderReply {}

  enum Reason {
    ORDER_NOT_FOUND,
    /** The placement was abandoned (it ran out of time or a step failed) before it finished. */
    PLACEMENT_ABANDONED,
    PAYMENT_RETRY_NOT_ALLOWED,
    NO_OPEN_PAYMENT,
    CANCELLATION_NOT_ALLOWED,
    /** A callback that does not match the attempt it names (amount, or an order with no such attempt). */
    INVALID_CALLBACK
  }
}
