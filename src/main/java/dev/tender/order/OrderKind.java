package dev.tender.order;

import dev.tender.cluster.Documents;
import dev.tender.cluster.Kind;
import dev.tender.cluster.KindRuntime;

/**
 * The order kind: orders keyed by order number. Gateway callbacks carry only a txnid, which names its
 * order ({@link OrderBehaviour#numberOfTxnid}), and the number names its partition, so any node can
 * route a callback with no lookup.
 */
public final class OrderKind {
  public static final String NAME = "order";
  public static final Kind<OrderCommand, OrderReply> KIND =
      new Kind<>(NAME, OrderCommand::number, c -> c instanceof OrderCommand.Mutation, OrderWire.COMMANDS, OrderWire.REPLIES);

  private OrderKind() {}

  public static KindRuntime<Order, OrderCommand, OrderReply> runtime(OrderBehaviour behaviour, Documents<Order> store) {
    return new KindRuntime<>(KIND, behaviour, store);
  }

  /**
   * Counts orders as their changes commit: {@code placed} when an order becomes visible (pending payment,
   * or confirmed at once when nothing is left to pay), {@code paid} when its payment turns successful.
   */
  public static KindRuntime.Transitions<Order> counting(Runnable placed, Runnable paid) {
    return (before, after) -> {
      if (!before.visible() && after.visible()) {
        placed.run();
      }
      if (before.paymentStatus() != Order.PaymentStatus.SUCCESS && after.paymentStatus() == Order.PaymentStatus.SUCCESS) {
        paid.run();
      }
    };
  }
}
