package dev.tender.promo;

import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Compact binary forms of the promo kind's commands and replies, and of a coupon's settings. */
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
}
