package dev.tender.order;

import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;
import dev.tender.order.Order.Attempt;
import dev.tender.order.Order.Hold;
import java.util.ArrayList;
import java.util.List;

/** Compact binary forms of the order kind's commands, replies and state. */
public final class OrderWire {
  private OrderWire() {}

  private static void payer(Order.Payer p, WireOut out) {
    out.str(p.firstName()).str(p.lastName()).str(p.email()).str(p.phone());
  }

  private static Order.Payer payer(WireIn in) {
    return new Order.Payer(in.str(), in.str(), in.str(), in.str());
  }

  private static void holds(List<Hold> holds, WireOut out) {
    out.i32(holds.size());
    for (Hold h : holds) {
      out.i32(h.tender().ordinal()).str(h.walletKey()).str(h.holdId()).i64(h.amount()).i64(h.value()).i32(h.state().ordinal());
    }
  }

  private static List<Hold> holds(WireIn in) {
    int n = in.i32();
    List<Hold> holds = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      holds.add(new Hold(Order.Tender.values()[in.i32()], in.str(), in.str(), in.i64(), in.i64(), Order.HoldState.values()[in.i32()]));
    }
    return List.copyOf(holds);
  }

  public static void order(Order o, WireOut out) {
    out.str(o.number()).str(o.owner()).str(o.cartId()).instant(o.cartUpdatedAt()).i32(o.status().ordinal())
        .i32(o.paymentStatus().ordinal()).instant(o.createdAt()).instant(o.updatedAt()).i32(o.placementTry())
        .i64(o.grandTotal()).i64(o.toBePaid()).i32(o.pointsEarned()).str(o.couponCode());
    payer(o.payer(), out);
    holds(o.holds(), out);
    out.i32(o.attempts().size());
    for (Attempt a : o.attempts()) {
      out.str(a.txnid()).i64(a.amount()).instant(a.requestedAt()).i32(a.status().ordinal()).str(a.gatewayReference())
          .str(a.mode()).instant(a.settledAt()).str(a.note());
    }
    out.str(o.snapshot()).str(o.failure()).instant(o.paidAt()).instant(o.holdsExpireAt()).str(o.cancellationReason());
    out.strings(o.journal());
  }

  public static Order order(WireIn in) {
    String number = in.str();
    String owner = in.str();
    String cartId = in.str();
    var cartUpdatedAt = in.instant();
    Order.Status status = Order.Status.values()[in.i32()];
    Order.PaymentStatus paymentStatus = Order.PaymentStatus.values()[in.i32()];
    var createdAt = in.instant();
    var updatedAt = in.instant();
    int placementTry = in.i32();
    long grandTotal = in.i64();
    long toBePaid = in.i64();
    int pointsEarned = in.i32();
    String coupon = in.str();
    Order.Payer payer = payer(in);
    List<Hold> holds = holds(in);
    int n = in.i32();
    List<Attempt> attempts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      attempts.add(new Attempt(in.str(), in.i64(), in.instant(), Order.AttemptStatus.values()[in.i32()], in.str(), in.str(),
          in.instant(), in.str()));
    }
    return new Order(number, owner, cartId, cartUpdatedAt, status, paymentStatus, createdAt, updatedAt, placementTry, grandTotal,
        toBePaid, pointsEarned, coupon, payer, holds, List.copyOf(attempts), in.str(), in.str(), in.instant(), in.instant(),
        in.str(), in.strings());
  }

  public static final WireCodec<Order> STATES = new WireCodec<>() {
    @Override
    public void write(Order o, WireOut out) {
      order(o, out);
    }

    @Override
    public Order read(WireIn in) {
      return order(in);
    }
  };

  public static final WireCodec<OrderCommand> COMMANDS = new WireCodec<>() {
    @Override
    public void write(OrderCommand c, WireOut out) {
      switch (c) {
        case OrderCommand.Begin b -> {
          OrderCommand.Placement p = b.placement();
          out.i32(0).str(b.number()).str(p.owner()).str(p.cartId()).instant(p.cartUpdatedAt()).i64(p.grandTotal()).i64(p.toBePaid())
              .i32(p.pointsEarned()).str(p.couponCode());
          payer(p.payer(), out);
          holds(p.holds(), out);
          out.str(p.snapshot());
        }
        case OrderCommand.Place p -> out.i32(1).str(p.number());
        case OrderCommand.Abort a -> out.i32(2).str(a.number()).str(a.reason());
        case OrderCommand.Get g -> out.i32(3).str(g.number()).str(g.owner());
        case OrderCommand.Callback cb -> out.i32(4).str(cb.number()).str(cb.txnid()).str(cb.status()).i64(cb.amount())
            .str(cb.gatewayReference()).str(cb.mode()).str(cb.error());
        case OrderCommand.RecordRefusedCallback r -> out.i32(5).str(r.number()).str(r.txnid()).str(r.why());
        case OrderCommand.RetryPayment r -> out.i32(6).str(r.number()).str(r.owner());
        case OrderCommand.CancelPaymentRequest r -> out.i32(7).str(r.number()).str(r.owner());
        case OrderCommand.Cancel r -> out.i32(8).str(r.number()).str(r.owner()).str(r.reason());
      }
    }

    @Override
    public OrderCommand read(WireIn in) {
      int tag = in.i32();
      String number = in.str();
      return switch (tag) {
        case 0 -> {
          String owner = in.str();
          String cartId = in.str();
          var updated = in.instant();
          long grandTotal = in.i64();
          long toBePaid = in.i64();
          int points = in.i32();
          String coupon = in.str();
          Order.Payer payer = payer(in);
          List<Hold> holds = holds(in);
          yield new OrderCommand.Begin(number, new OrderCommand.Placement(owner, cartId, updated, grandTotal, toBePaid, points,
              coupon, payer, holds, in.str()));
        }
        case 1 -> new OrderCommand.Place(number);
        case 2 -> new OrderCommand.Abort(number, in.str());
        case 3 -> new OrderCommand.Get(number, in.str());
        case 4 -> new OrderCommand.Callback(number, in.str(), in.str(), in.i64(), in.str(), in.str(), in.str());
        case 5 -> new OrderCommand.RecordRefusedCallback(number, in.str(), in.str());
        case 6 -> new OrderCommand.RetryPayment(number, in.str());
        case 7 -> new OrderCommand.CancelPaymentRequest(number, in.str());
        case 8 -> new OrderCommand.Cancel(number, in.str(), in.str());
        default -> throw new IllegalArgumentException("unknown order command tag " + tag);
      };
    }
  };

  public static final WireCodec<OrderReply> REPLIES = new WireCodec<>() {
    @Override
    public void write(OrderReply r, WireOut out) {
      switch (r) {
        case OrderReply.View v -> {
          out.i32(0);
          order(v.order(), out);
        }
        case OrderReply.Rejected x -> out.i32(1).str(x.reason().name()).str(x.detail());
      }
    }

    @Override
    public OrderReply read(WireIn in) {
      if (in.i32() == 0) {
        return new OrderReply.View(order(in));
      }
      return new OrderReply.Rejected(OrderReply.Reason.valueOf(in.str()), in.str());
    }
  };
}
