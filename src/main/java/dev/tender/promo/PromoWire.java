package dev.tender.promo;

import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compact binary forms of the promo kind's commands, replies and coupon state. */
public final class PromoWire {
  private PromoWire() {}

  public static void coupon(Coupon c, WireOut out) {
    out.str(c.code()).str(c.name()).i32(c.discountType().ordinal()).i32(c.percentBps()).i64(c.fixedAmount())
        .optLong(c.maximumDiscount()).optLong(c.minimumOrderTotal()).instant(c.startsAt()).instant(c.expiresAt())
        .optInt(c.totalLimit()).optInt(c.perCustomerLimit()).i32(c.appliesTo().ordinal());
    out.strings(c.productIds());
    out.strings(c.categoryIds());
    out.strings(List.copyOf(c.customerIds()));
  }

  public static Coupon coupon(WireIn in) {
    return new Coupon(in.str(), in.str(), Coupon.DiscountType.values()[in.i32()], in.i32(), in.i64(), in.optLong(), in.optLong(),
        in.instant(), in.instant(), in.optInt(), in.optInt(), Coupon.AppliesTo.values()[in.i32()], in.strings(), in.strings(),
        Set.copyOf(new HashSet<>(in.strings())));
  }

  public static final WireCodec<PromoCommand> COMMANDS = new WireCodec<>() {
    @Override
    public void write(PromoCommand c, WireOut out) {
      switch (c) {
        case PromoCommand.Create x -> {
          out.i32(0).str(x.code());
          coupon(x.coupon(), out);
        }
        case PromoCommand.Disable x -> out.i32(1).str(x.code());
        case PromoCommand.Get x -> out.i32(2).str(x.code());
        case PromoCommand.Check x -> out.i32(3).str(x.code()).str(x.customerId());
        case PromoCommand.Reserve x -> out.i32(4).str(x.code()).str(x.orderId()).str(x.customerId()).instant(x.expiresAt());
        case PromoCommand.Confirm x -> out.i32(5).str(x.code()).str(x.orderId());
        case PromoCommand.Release x -> out.i32(6).str(x.code()).str(x.orderId());
        case PromoCommand.GiveBack x -> out.i32(7).str(x.code()).str(x.orderId()).str(x.customerId());
      }
    }

    @Override
    public PromoCommand read(WireIn in) {
      return switch (in.i32()) {
        case 0 -> new PromoCommand.Create(in.str(), coupon(in));
        case 1 -> new PromoCommand.Disable(in.str());
        case 2 -> new PromoCommand.Get(in.str());
        case 3 -> new PromoCommand.Check(in.str(), in.str());
        case 4 -> new PromoCommand.Reserve(in.str(), in.str(), in.str(), in.instant());
        case 5 -> new PromoCommand.Confirm(in.str(), in.str());
        case 6 -> new PromoCommand.Release(in.str(), in.str());
        case 7 -> new PromoCommand.GiveBack(in.str(), in.str(), in.str());
        default -> throw new IllegalArgumentException("unknown promo command tag");
      };
    }
  };

  public static final WireCodec<PromoReply> REPLIES = new WireCodec<>() {
    @Override
    public void write(PromoReply r, WireOut out) {
      switch (r) {
        case PromoReply.CouponView v -> {
          out.i32(0);
          coupon(v.coupon(), out);
          out.bool(v.disabled()).i64(v.redemptionCount()).i64(v.reservedCount());
        }
        case PromoReply.Rejected x -> out.i32(1).str(x.reason().name()).str(x.detail());
      }
    }

    @Override
    public PromoReply read(WireIn in) {
      if (in.i32() == 0) {
        return new PromoReply.CouponView(coupon(in), in.bool(), in.i64(), in.i64());
      }
      return new PromoReply.Rejected(PromoReply.Reason.valueOf(in.str()), in.str());
    }
  };

  public static final WireCodec<CouponState> STATES = new WireCodec<>() {
    @Override
    public void write(CouponState s, WireOut out) {
      out.str(s.code()).bool(s.coupon() != null);
      if (s.coupon() != null) {
        coupon(s.coupon(), out);
      }
      out.bool(s.disabled()).i64(s.confirmed()).i32(s.reservations().size());
      for (CouponState.Reservation r : s.reservations().values()) {
        out.str(r.orderId()).str(r.customerId()).instant(r.expiresAt());
      }
      out.i32(s.perCustomer().size());
      s.perCustomer().forEach((k, v) -> out.str(k).i32(v));
      out.i32(s.confirmedOrders().size());
      s.confirmedOrders().forEach((order, use) -> out.str(order).i64(use));
    }

    @Override
    public CouponState read(WireIn in) {
      String code = in.str();
      Coupon coupon = in.bool() ? coupon(in) : null;
      boolean disabled = in.bool();
      long confirmed = in.i64();
      Map<String, CouponState.Reservation> open = new LinkedHashMap<>();
      for (int n = in.i32(); n > 0; n--) {
        CouponState.Reservation r = new CouponState.Reservation(in.str(), in.str(), in.instant());
        open.put(r.orderId(), r);
      }
      Map<String, Integer> perCustomer = new HashMap<>();
      for (int n = in.i32(); n > 0; n--) {
        perCustomer.put(in.str(), in.i32());
      }
      Map<String, Long> confirmedOrders = new LinkedHashMap<>();
      for (int n = in.more() ? in.i32() : 0; n > 0; n--) {
        confirmedOrders.put(in.str(), in.i64());
      }
      return new CouponState(code, coupon, disabled, confirmed, open, perCustomer, confirmedOrders);
    }
  };
}
