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
}
