package dev.tender.promo;

import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;

/** Compact binary forms of the promotion kind's commands, replies and state. */
public final class PromotionWire {
  private PromotionWire() {}

  public static void promotion(Promotion p, WireOut out) {
    out.str(p.id()).str(p.name()).i32(p.type().ordinal()).i32(p.percentBps()).i64(p.minimumSubtotal()).optLong(p.maximumDiscount())
        .str(p.productId()).str(p.variantId()).i32(p.buyQuantity()).i32(p.getQuantity()).instant(p.startsAt())
        .instant(p.expiresAt()).bool(p.disabled());
  }

  public static Promotion promotion(WireIn in) {
    return new Promotion(in.str(), in.str(), Promotion.Type.values()[in.i32()], in.i32(), in.i64(), in.optLong(), in.str(), in.str(),
        in.i32(), in.i32(), in.instant(), in.instant(), in.bool());
  }

  public static final WireCodec<PromotionCommand> COMMANDS = new WireCodec<>() {
    @Override
    public void write(PromotionCommand c, WireOut out) {
      switch (c) {
        case PromotionCommand.Create x -> {
          out.i32(0).str(x.id());
          promotion(x.promotion(), out);
        }
        case PromotionCommand.Disable x -> out.i32(1).str(x.id());
        case PromotionCommand.Get x -> out.i32(2).str(x.id());
      }
    }

    @Override
    public PromotionCommand read(WireIn in) {
      return switch (in.i32()) {
        case 0 -> new PromotionCommand.Create(in.str(), promotion(in));
        case 1 -> new PromotionCommand.Disable(in.str());
        case 2 -> new PromotionCommand.Get(in.str());
        default -> throw new IllegalArgumentException("unknown promotion command tag");
      };
    }
  };

  public static final WireCodec<PromotionReply> REPLIES = new WireCodec<>() {
    @Override
    public void write(PromotionReply r, WireOut out) {
      switch (r) {
        case PromotionReply.View v -> {
          out.i32(0);
          promotion(v.promotion(), out);
        }
        case PromotionReply.Rejected x -> out.i32(1).str(x.reason().name()).str(x.detail());
      }
    }

    @Override
    public PromotionReply read(WireIn in) {
      if (in.i32() == 0) {
        return new PromotionReply.View(promotion(in));
      }
      return new PromotionReply.Rejected(PromotionReply.Reason.valueOf(in.str()), in.str());
    }
  };

  public static final WireCodec<PromotionState> STATES = new WireCodec<>() {
    @Override
    public void write(PromotionState s, WireOut out) {
      out.str(s.id()).bool(s.exists());
      if (s.exists()) {
        promotion(s.promotion(), out);
      }
    }

    @Override
    public PromotionState read(WireIn in) {
      String id = in.str();
      return new PromotionState(id, in.bool() ? promotion(in) : null);
    }
  };
}
